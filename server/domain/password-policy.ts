/**
 * What a staff password must be. Length matters most (NIST SP 800-63B): at
 * least 10 characters, no composition rules, but never the username inside it
 * nor one of the passwords that top every leaked list. Pure: the routes and
 * the command-line tool turn a weakness into the error `weak_password`.
 */
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 1000

export type PasswordWeakness = 'too_short' | 'too_long' | 'contains_username' | 'common'

/** Very common passwords of 10 characters or more, Vietnamese habits included; compared without case. */
const COMMON = new Set([
  '0123456789',
  '1234567890',
  '12345678910',
  '123456789a',
  '1234567890a',
  '1111111111',
  '0000000000',
  '1234512345',
  '1q2w3e4r5t',
  'qwertyuiop',
  'qwerty1234',
  'qwerty123456',
  'asdfghjkl1',
  'password12',
  'password123',
  'password1234',
  'password@123',
  'abc1234567',
  'abcd123456',
  'abcd@12345',
  'admin12345',
  'admin@1234',
  'administrator',
  'iloveyou12',
  'iloveyou123',
  'matkhau123',
  'matkhau@123',
  'matkhau1234',
  'vietnam123',
  'vietnam@123',
  'anhyeuem123',
  'hailong123',
  'hailong@123',
  'changeme123',
  'welcome123',
])

/** The first rule the password breaks, or null when it may be used. */
export function passwordWeakness(password: string, username: string): PasswordWeakness | null {
  const chars = [...password.normalize('NFC')].length
  if (chars < MIN_PASSWORD_LENGTH) return 'too_short'
  if (chars > MAX_PASSWORD_LENGTH) return 'too_long'
  const lower = password.normalize('NFC').toLowerCase()
  const name = username.normalize('NFC').trim().toLowerCase()
  // A one- or two-letter username would forbid half the alphabet.
  if (name.length >= 3 && lower.includes(name)) return 'contains_username'
  if (COMMON.has(lower)) return 'common'
  return null
}
