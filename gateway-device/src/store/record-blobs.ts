// Packed records in and out of SQLite blobs, in the machine's byte order.
import { endianness } from 'node:os'
import { RECORD_BYTES } from './record-key.ts'
import { StoreError } from './store-error.ts'

/** Blobs hold Uint32Array bytes as in memory; a file of another byte order is rebuilt. */
export const LITTLE_ENDIAN = endianness() === 'LE'

/** Records per generation chunk: 1 MiB blobs, each written in its own short transaction. */
export const CHUNK_RECORDS = 65_536

/** A view of `count` records from record `from`, for binding as a blob. */
export function recordBytes(words: Uint32Array, from: number, count: number): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset + from * RECORD_BYTES, count * RECORD_BYTES)
}

/** Copies blobs one after another into a new word array of exactly `count` records. */
export function joinBlobs(blobs: Iterable<Uint8Array>, count: number): Uint32Array {
  const words = new Uint32Array(count * (RECORD_BYTES / 4))
  const bytes = new Uint8Array(words.buffer)
  let offset = 0
  for (const blob of blobs) {
    if (blob.byteLength % RECORD_BYTES !== 0 || offset + blob.byteLength > bytes.byteLength) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation chunk has a wrong size')
    }
    bytes.set(blob, offset)
    offset += blob.byteLength
  }
  if (offset !== bytes.byteLength) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation chunks are missing records')
  }
  return words
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
