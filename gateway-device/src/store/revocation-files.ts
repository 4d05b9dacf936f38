// The revocation cache's layout on disk: generations of sorted records, and delta rows.
//
// A generation is a flat file beside the store (generation-file.ts). Builds before it
// kept generations as chunk rows in `revocation_chunks`; those still load, and the next
// generation written replaces them with a file.
import type { GateStore } from './gate-store.ts'
import {
  generationFilePath,
  readGenerationFile,
  removeGenerationFiles,
  writeGenerationFile,
} from './generation-file.ts'
import { blobWords, LITTLE_ENDIAN, recordBytes } from './record-blobs.ts'
import { RECORD_BYTES } from './record-key.ts'
import { SortedRecordsLoader } from './record-loader.ts'
import type { RecordKind } from './revocation-index.ts'
import type { SortedRecords } from './sorted-records.ts'
import { StoreError } from './store-error.ts'

/** `gate_meta` value naming the active generation; absent until a snapshot is installed. */
export interface GenerationMeta {
  generation: number
  subjects: number
  codes: number
  littleEndian: boolean
  /** True: the records are in the generation's file. Absent: in chunk rows (older builds). */
  file?: boolean
}

export interface RecordArrays {
  subjects: SortedRecords
  codes: SortedRecords
}

export const KINDS: readonly RecordKind[] = ['subject', 'code']
const KIND_CODE: Record<RecordKind, number> = { subject: 0, code: 1 }
const GENERATION_KEY = 'revocations.generation'
const FEED_SEQ_KEY = 'feed.seq'

export function readGenerationMeta(store: GateStore): GenerationMeta | undefined {
  return store.getMeta(GENERATION_KEY) as GenerationMeta | undefined
}

export function readFeedSeq(store: GateStore): number {
  const seq = store.getMeta(FEED_SEQ_KEY)
  return typeof seq === 'number' ? seq : 0
}

export function writeFeedSeq(store: GateStore, seq: number): void {
  store.setMeta(FEED_SEQ_KEY, seq)
}

/**
 * Reads the generation `meta` names, each kind straight into its final array, and removes
 * what a crash may have left of other generations. Throws STORE_RECORDS_CORRUPT if any
 * check fails or SQLite finds a page damaged.
 */
export function readGeneration(store: GateStore, meta: GenerationMeta): RecordArrays {
  if (meta.littleEndian !== LITTLE_ENDIAN) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation cache has another byte order')
  }
  if (meta.file !== true) return readChunkGeneration(store, meta)

  const file = generationFilePath(store.path, meta.generation)
  const arrays = readGenerationFile(file, meta.subjects, meta.codes)
  removeGenerationFiles(store.path, meta.generation)
  return arrays
}

/** A generation written as chunk rows by an older build, a chunk at a time into its array. */
function readChunkGeneration(store: GateStore, meta: GenerationMeta): RecordArrays {
  return readingRecords(() => {
    const chunks = store.db.prepare(
      'SELECT records FROM revocation_chunks WHERE generation = ? AND kind = ? ORDER BY part',
    )
    const read = (kind: RecordKind, count: number): SortedRecords => {
      const loader = new SortedRecordsLoader(count)
      const rows = chunks.iterate(meta.generation, KIND_CODE[kind]) as Iterable<{
        records: Uint8Array
      }>
      for (const row of rows) loader.append(row.records)
      return loader.finish()
    }
    const arrays = { subjects: read('subject', meta.subjects), codes: read('code', meta.codes) }
    // Chunks of a generation whose writing a crash interrupted.
    store.db.prepare('DELETE FROM revocation_chunks WHERE generation <> ?').run(meta.generation)
    removeGenerationFiles(store.path)
    return arrays
  })
}

/** Calls `each` for every delta row, oldest first; returns the last row id, or 0. */
export function readDeltas(
  store: GateStore,
  each: (kind: RecordKind, words: Uint32Array, count: number) => void,
): number {
  return readingRecords(() => {
    let lastId = 0
    const rows = store.db
      .prepare('SELECT id, kind, records FROM revocation_deltas ORDER BY id')
      .iterate() as Iterable<{ id: number; kind: number; records: Uint8Array }>
    for (const row of rows) {
      const kind = row.kind === KIND_CODE.code ? 'code' : 'subject'
      each(kind, blobWords(row.records), row.records.byteLength / RECORD_BYTES)
      lastId = row.id
    }
    return lastId
  })
}

/** Inserts one delta row (inside the caller's transaction); returns its id. */
export function appendDelta(
  store: GateStore,
  kind: RecordKind,
  records: Uint32Array,
  count: number,
): number {
  const result = store.db
    .prepare('INSERT INTO revocation_deltas (kind, records) VALUES (?, ?)')
    .run(KIND_CODE[kind], recordBytes(records, 0, count))
  return Number(result.lastInsertRowid)
}

export function countDeltaRecords(store: GateStore): number {
  const row = store.db
    .prepare('SELECT coalesce(sum(length(records)), 0) AS bytes FROM revocation_deltas')
    .get() as { bytes: number }
  return row.bytes / RECORD_BYTES
}

/** Deletes every revocation row, file and the seq: only a new snapshot fills the cache again. */
export function clearRevocations(store: GateStore): void {
  store.transaction(() => {
    const db = store.db
    db.exec('DELETE FROM revocation_chunks')
    db.exec('DELETE FROM revocation_deltas')
    db.prepare('DELETE FROM gate_meta WHERE key IN (?, ?)').run(GENERATION_KEY, FEED_SEQ_KEY)
  })
  removeGenerationFiles(store.path)
}

export interface WriteGenerationOptions {
  /** Set with the switch (a snapshot's seq). */
  feedSeq?: number
  /** Delta rows up to this id are held by `arrays` and dropped with the switch. */
  throughDeltaId: number
  /** Runs inside the switch's transaction. */
  inTransaction?: () => void
}

/**
 * Writes `arrays` as generation `generation`'s file (off the event loop, synced), then
 * switches to it, dropping the old generation and the deltas it absorbed, in one
 * durable transaction. A crash before the switch leaves the old generation active.
 */
export async function writeGeneration(
  store: GateStore,
  generation: number,
  arrays: RecordArrays,
  options: WriteGenerationOptions,
): Promise<GenerationMeta> {
  await writeGenerationFile(generationFilePath(store.path, generation), [
    arrays.subjects,
    arrays.codes,
  ])

  const meta: GenerationMeta = {
    generation,
    subjects: arrays.subjects.count,
    codes: arrays.codes.count,
    littleEndian: LITTLE_ENDIAN,
    file: true,
  }
  const db = store.db
  store.transaction(() => {
    store.setMeta(GENERATION_KEY, meta)
    if (options.feedSeq !== undefined) writeFeedSeq(store, options.feedSeq)
    db.prepare('DELETE FROM revocation_deltas WHERE id <= ?').run(options.throughDeltaId)
    // Chunk rows of an older build's generation.
    db.exec('DELETE FROM revocation_chunks')
    options.inTransaction?.()
  })
  removeGenerationFiles(store.path, generation)
  return meta
}

/** SQLite's primary result codes for a damaged file. */
const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26

/**
 * Runs a read of the revocation tables, answering a page SQLite finds damaged as
 * STORE_RECORDS_CORRUPT: the open skips these tables' page check after a clean close
 * (see schema.ts), so their read stands in for it.
 */
function readingRecords<T>(read: () => T): T {
  try {
    return read()
  } catch (cause) {
    const errcode = (cause as { errcode?: unknown } | null)?.errcode
    if (typeof errcode === 'number' && [SQLITE_CORRUPT, SQLITE_NOTADB].includes(errcode & 0xff)) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation cache pages are damaged', {
        cause,
      })
    }
    throw cause
  }
}
