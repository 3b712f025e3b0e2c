/**
 * Who is on the other end of a request: the one place that decides the
 * client's address (for login throttling and rate limits) and whether the
 * request came over HTTPS (for the Secure cookie).
 *
 * Without HAILONG_TRUST_PROXY, X-Forwarded-For and X-Forwarded-Proto are
 * ignored: anyone can write them. With it, they are believed only when the
 * socket's peer is one of the trusted proxies, and the client is the
 * right-most address of X-Forwarded-For that is not itself a trusted proxy
 * (the left-hand entries are whatever the client chose to send).
 */
import { isIP, BlockList } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { AppEnv } from './context.ts'

export interface ClientInfo {
  /** An IP address, or "unknown" when the request came without a socket (in-process calls). */
  address: string
  /** The client reached us over HTTPS: our own TLS, or a trusted proxy that says so. */
  https: boolean
}

/** The client's address as this request's trusted chain tells it. */
export function clientAddress(c: Context): string {
  return clientInfo(c).address
}

/** Whether the client's own connection was HTTPS. */
export function clientHttps(c: Context): boolean {
  return clientInfo(c).https
}

function clientInfo(c: Context): ClientInfo {
  // Set by clientInfoMiddleware for every request of the app; a bare sub-app falls back to the socket.
  return (c.get('client') as ClientInfo | undefined) ?? { address: socketAddress(c) ?? 'unknown', https: c.req.url.startsWith('https:') }
}

/** Reads HAILONG_TRUST_PROXY: "loopback", or a comma list of addresses and CIDRs. A malformed entry stops start-up. */
export function parseTrustedProxies(raw: string | null): BlockList | null {
  const entries = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (!entries.length) return null
  const list = new BlockList()
  for (const entry of entries) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4')
      list.addAddress('::1', 'ipv6')
      continue
    }
    const [addr, bits, extra] = entry.split('/')
    const family = isIP(addr ?? '')
    const max = family === 4 ? 32 : 128
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
      throw new Error(`HAILONG_TRUST_PROXY: "${entry}" is not an address, a CIDR or "loopback"`)
    }
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(addr!, type)
    else list.addSubnet(addr!, Number(bits), type)
  }
  return list
}

/** Works out the client once per request; everything after it asks clientAddress(c) and clientHttps(c). */
export function clientInfoMiddleware(trustProxy: string | null): MiddlewareHandler<AppEnv> {
  const trusted = parseTrustedProxies(trustProxy)
  const isTrusted = (addr: string) => !!trusted && trusted.check(addr, isIP(addr) === 6 ? 'ipv6' : 'ipv4')
  return async (c, next) => {
    const peer = socketAddress(c)
    let info: ClientInfo = { address: peer ?? 'unknown', https: c.req.url.startsWith('https:') }
    if (peer && isTrusted(peer)) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => normalise(s.trim()))
      let address = peer
      // Walk from the nearest hop outwards; stop at the first one we do not trust, or at garbage.
      for (let i = hops.length - 1; i >= 0 && isTrusted(address); i--) {
        const hop = hops[i]!
        if (!isIP(hop)) break
        address = hop
      }
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
      info = { address, https: proto ? proto === 'https' : info.https }
    }
    c.set('client', info)
    await next()
  }
}

function socketAddress(c: Context): string | null {
  try {
    const addr = getConnInfo(c).remote.address
    return addr ? normalise(addr) : null
  } catch {
    return null
  }
}

/** "::ffff:10.0.0.1", an IPv4 peer on a dual-stack socket, is 10.0.0.1. */
const normalise = (addr: string) => (addr.startsWith('::ffff:') && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr)
