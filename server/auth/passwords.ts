/**
 * Password hashing with scrypt, Node's built-in memory-hard function.
 * Stored as scrypt$N$r$p$salt$hash (base64url), so the cost can rise later
 * without invalidating old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

const N = 1 << 15
const R = 8
const P = 1
const KEYLEN = 32
// 128·N·r bytes = 32 MiB per hash; Node's default cap is exactly 32 MiB.
const MAXMEM = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A password for the first administrator when none was given: 20 characters, ~119 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url')
}
