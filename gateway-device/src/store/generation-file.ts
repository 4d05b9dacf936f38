// A revocation generation as one flat file beside the store: read straight into its arrays.
//
// The file holds the subjects' records, then the codes', as they lie in memory (the
// store's `gate_meta` names the generation, its counts and byte order). A start reads
// each kind with one read into its final array, and checks and indexes it in one pass:
// no row-by-row copy, no intermediate buffers. SQLite keeps only the small tables.
//
// Written and synced whole (with the directory entry) before the store's switch names
// it, so a crash leaves either the old generation named, or the new one complete; files
// no generation names are removed at the next load.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { basename, dirname, join } from 'node:path'
import { CHUNK_RECORDS, recordBytes } from './record-blobs.ts'
import { RECORD_BYTES, RECORD_WORDS } from './record-key.ts'
import { indexLoadedRecords } from './record-loader.ts'
import type { SortedRecords } from './sorted-records.ts'
import { StoreError } from './store-error.ts'

export function generationFilePath(storePath: string, generation: number): string {
  return `${storePath}.revocations-${generation}`
}

/**
 * Writes both kinds' records, a 1 MiB slice per event-loop turn, then syncs the file and
 * its directory entry (on the loop, as the store's own durable commits are).
 */
export async function writeGenerationFile(
  path: string,
  arrays: readonly SortedRecords[],
): Promise<void> {
  const fd = openSync(path, 'w')
  try {
    for (const sorted of arrays) {
      for (let from = 0; from < sorted.count; from += CHUNK_RECORDS) {
        const count = Math.min(CHUNK_RECORDS, sorted.count - from)
        const bytes = recordBytes(sorted.words, from, count)
        for (let written = 0; written < bytes.byteLength;) {
          written += writeSync(fd, bytes, written, bytes.byteLength - written)
        }
        await nextTurn()
      }
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  const directory = openSync(dirname(path), 'r')
  try {
    fsyncSync(directory)
  } finally {
    closeSync(directory)
  }
}

/**
 * Reads `subjects` then `codes` records, each kind straight into its final array. Throws
 * STORE_RECORDS_CORRUPT when the file is missing, unreadable, of the wrong size, or its
 * records are out of order.
 */
export function readGenerationFile(
  path: string,
  subjects: number,
  codes: number,
): { subjects: SortedRecords; codes: SortedRecords } {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (cause) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation file is missing', { cause })
  }
  try {
    if (fstatSync(fd).size !== (subjects + codes) * RECORD_BYTES) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation file has a wrong size')
    }
    return {
      subjects: readRecords(fd, subjects, 0),
      codes: readRecords(fd, codes, subjects * RECORD_BYTES),
    }
  } finally {
    closeSync(fd)
  }
}

/** Removes the store's generation files, all of them or all but `keep`. */
export function removeGenerationFiles(storePath: string, keep?: number): void {
  const prefix = `${basename(storePath)}.revocations-`
  const kept = keep === undefined ? undefined : basename(generationFilePath(storePath, keep))
  let names: string[]
  try {
    names = readdirSync(dirname(storePath))
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || name === kept) continue
    if (!/^\d+$/.test(name.slice(prefix.length))) continue
    rmSync(join(dirname(storePath), name), { force: true })
  }
}

function readRecords(fd: number, count: number, position: number): SortedRecords {
  const words = new Uint32Array(count * RECORD_WORDS)
  readFully(fd, new Uint8Array(words.buffer), position)
  return indexLoadedRecords(words, count)
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0
  while (done < into.byteLength) {
    let read: number
    try {
      read = readSync(fd, into, done, into.byteLength - done, position + done)
    } catch (cause) {
      // A sector the disk cannot read: drop the cache and fetch it again, as for damage.
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation file cannot be read', { cause })
    }
    if (read === 0) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation file ends early')
    }
    done += read
  }
}
