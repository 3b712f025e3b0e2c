/**
 * A streaming ZIP writer, just enough for XLSX: entries are deflated as they
 * are produced and never held whole, sizes and CRCs follow each entry in a
 * data descriptor, the directory comes last. Every entry carries the same
 * fixed DOS time (1980-01-01 00:00), so the same content gives the same
 * bytes: a repeated export of a frozen period is byte-identical. No ZIP64:
 * an entry or archive over 4 GiB is refused (a province-year of responses
 * is a few hundred MB of XML).
 */
import { Readable } from 'node:stream'
import { crc32, createDeflateRaw } from 'node:zlib'

const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1
const LIMIT = 0xffffffff

interface Written {
  name: Buffer
  crc: number
  compressed: number
  size: number
  offset: number
}

export type EntryBody = string | AsyncIterable<string | Uint8Array>

/** The archive as a stream of chunks; `entries` yields [name, body] pairs in order. */
export async function* zipStream(entries: AsyncIterable<[string, EntryBody]> | Iterable<[string, EntryBody]>): AsyncGenerator<Uint8Array> {
  const written: Written[] = []
  let offset = 0
  for await (const [path, body] of entries) {
    const name = Buffer.from(path, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    // Bit 3: sizes in the data descriptor; bit 11: the name is UTF-8.
    local.writeUInt16LE(0x0808, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt16LE(name.length, 26)
    yield local
    yield name
    const entry: Written = { name, crc: 0, compressed: 0, size: 0, offset }
    offset += 30 + name.length

    const source = (async function* () {
      for await (const part of typeof body === 'string' ? [body] : body) {
        const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part
        entry.crc = crc32(bytes, entry.crc)
        entry.size += bytes.length
        yield bytes
      }
    })()
    const deflate = Readable.from(source).pipe(createDeflateRaw({ level: 6 }))
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      entry.compressed += chunk.length
      yield chunk
    }
    if (entry.size > LIMIT || entry.compressed > LIMIT) throw new Error(`zip entry ${path} is over 4 GiB`)
    const descriptor = Buffer.alloc(16)
    descriptor.writeUInt32LE(0x08074b50, 0)
    descriptor.writeUInt32LE(entry.crc >>> 0, 4)
    descriptor.writeUInt32LE(entry.compressed, 8)
    descriptor.writeUInt32LE(entry.size, 12)
    yield descriptor
    offset += entry.compressed + 16
    written.push(entry)
  }
  if (offset > LIMIT) throw new Error('zip archive is over 4 GiB')
  const dirStart = offset
  for (const e of written) {
    const h = Buffer.alloc(46)
    h.writeUInt32LE(0x02014b50, 0)
    h.writeUInt16LE(20, 4)
    h.writeUInt16LE(20, 6)
    h.writeUInt16LE(0x0808, 8)
    h.writeUInt16LE(8, 10)
    h.writeUInt16LE(DOS_TIME, 12)
    h.writeUInt16LE(DOS_DATE, 14)
    h.writeUInt32LE(e.crc >>> 0, 16)
    h.writeUInt32LE(e.compressed, 20)
    h.writeUInt32LE(e.size, 24)
    h.writeUInt16LE(e.name.length, 28)
    h.writeUInt32LE(e.offset, 42)
    yield h
    yield e.name
    offset += 46 + e.name.length
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(written.length, 8)
  end.writeUInt16LE(written.length, 10)
  end.writeUInt32LE(offset - dirStart, 12)
  end.writeUInt32LE(dirStart, 16)
  yield end
}
