/**
 * HTTP/1.1 over a bare socket, for requests that fetch() and node:http refuse
 * to send: invalid header bytes, odd methods, raw bytes in the path, bodies
 * that are not UTF-8. One request per connection (Connection: close).
 */
import { connect } from 'node:net'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

export interface RawRequest {
  method: string
  /** Sent as is: percent-encode it yourself, or don't. */
  path: string | Buffer
  headers: [string, string | Buffer][]
  body: Buffer | null
  /** Send the body as one chunk of chunked transfer coding instead of with Content-Length. */
  chunked?: boolean
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

const bytes = (v: string | Buffer) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v)

export function encodeRequest(req: RawRequest, host: string): Buffer {
  const parts: Buffer[] = [Buffer.from(`${req.method} `, 'latin1'), bytes(req.path), Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`, 'latin1')]
  for (const [name, value] of req.headers) parts.push(bytes(name), Buffer.from(': '), bytes(value), Buffer.from('\r\n'))
  if (req.body && req.chunked) parts.push(Buffer.from(`Transfer-Encoding: chunked\r\n\r\n${req.body.length.toString(16)}\r\n`), req.body, Buffer.from('\r\n0\r\n\r\n'))
  else if (req.body) parts.push(Buffer.from(`Content-Length: ${req.body.length}\r\n\r\n`), req.body)
  else parts.push(Buffer.from('\r\n'))
  return Buffer.concat(parts)
}

/** Sends the request and collects everything until the server closes; a silent server past the timeout is a hang. */
export function exchange(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1')
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('data', (d: Buffer) => chunks.push(d))
    // A server that answers before reading a whole oversized body may reset the connection under our write: the answer is already in.
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (err) {
        reject(err)
      }
    })
    socket.write(encodeRequest(req, `127.0.0.1:${port}`))
  })
}

function parseResponse(buf: Buffer): RawResponse {
  const end = buf.indexOf('\r\n\r\n')
  if (end < 0) throw new Error(`the connection closed without a whole answer: ${JSON.stringify(buf.toString('latin1').slice(0, 200))}`)
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = buf.subarray(end + 4)
  if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(body)
  const coding = headers['content-encoding']
  if (coding === 'gzip') body = gunzipSync(body)
  else if (coding === 'deflate') body = inflateSync(body)
  else if (coding === 'br') body = brotliDecompressSync(body)
  return { status, headers, body }
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = []
  let at = 0
  for (;;) {
    const eol = buf.indexOf('\r\n', at)
    const size = Number.parseInt(buf.subarray(at, eol).toString('latin1'), 16)
    if (eol < 0 || !Number.isFinite(size) || size === 0) return Buffer.concat(out)
    out.push(buf.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
}
