// Packed records in and out of SQLite blobs, in the machine's byte order.
import { endianness } from 'node:os'
import { RECORD_BYTES } from './record-key.ts'
import { StoreError } from './store-error.ts'

/** Blobs hold Uint32Array bytes as in memory; a file of another byte order is rebuilt. */
export const LITTLE_ENDIAN = endianness() === 'LE'

/** Records per 1 MiB slice: a write of a generation file, or an older build's chunk row. */
export const CHUNK_RECORDS = 65_536

/** A view of `count` records from record `from`, for binding as a blob. */
export function recordBytes(words: Uint32Array, from: number, count: number): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset + from * RECORD_BYTES, count * RECORD_BYTES)
}

/** One delta blob as words (copied: the blob's buffer may not be aligned). */
export function blobWords(blob: Uint8Array): Uint32Array {
  if (blob.byteLength % RECORD_BYTES !== 0) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation delta has a wrong size')
  }
  const words = new Uint32Array(blob.byteLength / 4)
  new Uint8Array(words.buffer).set(blob)
  return words
}
