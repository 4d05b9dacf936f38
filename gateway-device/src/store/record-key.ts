// Subjects and code ids as 96-bit keys: three uint32 words of a 16-byte revocation record.
//
// A 16-character base64url id is exactly 96 bits and is packed as it is, so two such
// ids never share a key. Ids of any other length are hashed to 96 bits. A shared key
// can only merge two revocations into one record holding the later time, so a
// collision (odds ~2^-96 a pair) could refuse a valid code but never pass a revoked one.

/** Words per record: three of key, one of value (Unix seconds). */
export const RECORD_WORDS = 4
export const RECORD_BYTES = RECORD_WORDS * 4

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const SIX_BITS = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) SIX_BITS[ALPHABET.charCodeAt(i)] = i

const PACKED_LENGTH = 16

/** Writes the key of `id` into `out[at..at+2]`. */
export function writeKey(id: string, out: Uint32Array, at: number): void {
  if (id.length !== PACKED_LENGTH || !pack(id, out, at)) hash(id, out, at)
}

/** The id back from a packed key, for tests and debugging (meaningless for hashed keys). */
export function unpackKey(k0: number, k1: number, k2: number): string {
  let text = ''
  const words = [k0, k1, k2]
  for (let i = 0; i < PACKED_LENGTH; i++) {
    let value = 0
    for (let b = 0; b < 6; b++) {
      const bit = i * 6 + b
      const word = words[bit >>> 5]!
      value = (value << 1) | ((word >>> (31 - (bit & 31))) & 1)
    }
    text += ALPHABET[value]
  }
  return text
}

/** Six bits a character, most significant first; false on a character outside base64url. */
function pack(id: string, out: Uint32Array, at: number): boolean {
  let word = 0
  let filled = 0
  let index = at
  for (let i = 0; i < PACKED_LENGTH; i++) {
    const c = id.charCodeAt(i)
    const v = c < 128 ? SIX_BITS[c]! : -1
    if (v < 0) return false
    if (filled + 6 <= 32) {
      word = (word << 6) | v
      filled += 6
    } else {
      const take = 32 - filled
      const rest = 6 - take
      out[index++] = ((word << take) | (v >>> rest)) >>> 0
      word = v & ((1 << rest) - 1)
      filled = rest
    }
  }
  out[index] = word >>> 0
  return true
}

/** Three independent 32-bit hashes (murmur3's mixing, distinct seeds) of the UTF-16 units. */
function hash(id: string, out: Uint32Array, at: number): void {
  out[at] = hash32(id, 0x9747b28c)
  out[at + 1] = hash32(id, 0x2f6b3a1d)
  out[at + 2] = hash32(id, 0x85ebca6b)
}

function hash32(text: string, seed: number): number {
  let h = seed ^ text.length
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
