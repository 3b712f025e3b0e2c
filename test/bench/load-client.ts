/**
 * A load generator light enough to share two cores with the server it
 * measures. Node's http client costs about as much CPU per request as a bare
 * Hono route, so with it the yardstick measured the client, not the server.
 * This one keeps `connections` raw keep-alive sockets, writes each request as
 * one prebuilt buffer and reads only the status line and Content-Length.
 */
import net from 'node:net'

export interface LoadResult {
  requests: number
  errors: number
  rps: number
  p50_ms: number
  p99_ms: number
}

export interface LoadOptions {
  port: number
  path: string
  seconds: number
  connections: number
  /** A fresh JSON body for each request (a new response id each time). */
  body: () => string
  /** The status that counts as success. */
  expect: number
}

const HEADER_END = Buffer.from('\r\n\r\n')

/** One request–response at a time on one socket, until the deadline. */
function drive(opts: LoadOptions, until: number, latencies: number[], errors: { n: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(opts.port, '127.0.0.1')
    socket.setNoDelay(true)
    let buf: Buffer = Buffer.alloc(0)
    let t0 = 0
    const send = () => {
      if (Date.now() >= until) return socket.end(), resolve()
      const body = opts.body()
      t0 = performance.now()
      socket.write(`POST ${opts.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    }
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
      for (;;) {
        const end = buf.indexOf(HEADER_END)
        if (end < 0) return
        const head = buf.toString('latin1', 0, end)
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (buf.length < end + 4 + length) return
        buf = buf.subarray(end + 4 + length)
        latencies.push(performance.now() - t0)
        if (Number(head.slice(9, 12)) !== opts.expect) errors.n++
        send()
      }
    })
    socket.on('error', reject)
    socket.on('connect', send)
  })
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const errors = { n: 0 }
  const t0 = Date.now()
  const until = t0 + opts.seconds * 1000
  await Promise.all(Array.from({ length: opts.connections }, () => drive(opts, until, latencies, errors)))
  const elapsed = (Date.now() - t0) / 1000
  latencies.sort((a, b) => a - b)
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 100) / 100
  return { requests: latencies.length, errors: errors.n, rps: Math.round(latencies.length / elapsed), p50_ms: q(0.5), p99_ms: q(0.99) }
}
