/**
 * Hostile values for the fuzz test (test/api/fuzz.test.ts): strings, numbers
 * and headers an attacker would send, none of them tied to one server or
 * fixture.
 */
import fc from 'fast-check'

export const CONTROL_CHARS = [...Array.from({ length: 9 }, (_, i) => i), 0x0b, 0x0c, ...Array.from({ length: 18 }, (_, i) => 0x0e + i), ...Array.from({ length: 33 }, (_, i) => 0x7f + i), 0xfffe, 0xffff].map((c) => String.fromCharCode(c))
export const FRAGMENTS = ["' OR 1=1 --", "'); DROP TABLE responses; --", '" UNION SELECT password_hash FROM users --', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '../../etc/passwd', '%00', '%', '%E0%A4%A', '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'null', 'NaN', '1e309', '\uD800', '\uDFFF', 'ý'.normalize('NFD'), '\u202Eevil']
export const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...FRAGMENTS),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...CONTROL_CHARS), fc.string({ maxLength: 10 })).map((p) => p.join('')),
  fc.tuple(fc.constantFrom('x', 'ý', '😀', '\u0000', '<'), fc.integer({ min: 2_001, max: 30_000 })).map(([s, n]) => s.repeat(n)),
)
/** A comment the validator must refuse: too long, control characters, a lone surrogate. */
export const badComment = fc.oneof(
  fc.tuple(fc.constantFrom('x', 'ý', '😀'), fc.integer({ min: 2_001, max: 6_000 })).map(([s, n]) => s.repeat(n)),
  fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...CONTROL_CHARS, '\uD800', '\uDC00'), fc.string({ maxLength: 20 })).map((p) => p.join('')),
)
export const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }))
/** The validator reads "4" like 4: a string is bad only when it is not one of the valid values written out. */
const NUMERIC = /^-?\d{1,9}(\.\d{1,6})?$/
const notAmong = (valid: number[]) => (s: string) => !(NUMERIC.test(s) && valid.includes(Number(s)))
/** A value an item with these options must refuse; empty and null count as "not answered", so only a required item refuses them. */
export const badChoice = (valid: number[], required: boolean) =>
  fc.oneof(
    fc.integer().filter((n) => !valid.includes(n)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    text.filter(notAmong(valid)).filter((s) => required || s !== ''),
    fc.boolean(),
    fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
    ...(required ? [fc.constant(null), fc.constant('')] : []),
  )
/** Percent-encodes the UTF-8 bytes (a lone surrogate, which encodeURIComponent refuses, becomes U+FFFD). */
export const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('')
export const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]].map((b) => Buffer.from(b))
export const spliceBytes = (body: Buffer, at: number, bad: Buffer) => Buffer.concat([body.subarray(0, at % (body.length + 1)), bad, body.subarray(at % (body.length + 1))])
export const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON']
export const notJsonType = fc.oneof(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'text/json', ''), text).filter((t) => t.split(';')[0]!.trim().toLowerCase() !== 'application/json')

const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...FRAGMENTS))
/** Extra headers laid over any case: junk values, cookies, huge headers, bytes HTTP forbids. */
export const extraHeaders = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('Accept-Language', 'Cookie', 'X-Forwarded-For', 'User-Agent', 'Referer', 'If-None-Match', 'X-Hailong-Device', 'Sec-Fetch-Site', 'Origin'), headerValue) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('Cookie'), headerValue.map((v) => `hl_session=${v}`)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('X-Huge'), fc.integer({ min: 17_000, max: 40_000 }).map((n) => 'h'.repeat(n))) },
    { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ()<>@,;:\\"/\[\]?={}\t-]{0,15}$/), fc.string({ maxLength: 10 })) },
  ),
  { maxLength: 3 },
)
