// The revocation cache's layout on disk: generations of sorted chunks, and delta rows.
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { GateStore } from './gate-store.ts'
import { blobWords, CHUNK_RECORDS, joinBlobs, LITTLE_ENDIAN, recordBytes } from './record-blobs.ts'
import { RECORD_BYTES } from './record-key.ts'
import type { RecordKind } from './revocation-index.ts'
import { checkSorted, SortedRecords } from './sorted-records.ts'
import { StoreError } from './store-error.ts'

/** `gate_meta` value naming the active generation; absent until a snapshot is installed. */
export interface GenerationMeta {
  generation: number
  subjects: number
  codes: number
  littleEndian: boolean
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

/** Reads the generation `meta` names; throws STORE_RECORDS_CORRUPT if any check fails. */
export function readGeneration(store: GateStore, meta: GenerationMeta): RecordArrays {
  if (meta.littleEndian !== LITTLE_ENDIAN) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation cache has another byte order')
  }
  const chunks = store.db.prepare(
    'SELECT records FROM revocation_chunks WHERE generation = ? AND kind = ? ORDER BY part',
  )
  const read = (kind: RecordKind, count: number): SortedRecords => {
    const rows = chunks.all(meta.generation, KIND_CODE[kind]) as { records: Uint8Array }[]
    const words = joinBlobs(
      rows.map((r) => r.records),
      count,
    )
    checkSorted(words, count)
    return new SortedRecords(words, count)
  }
  const arrays = { subjects: read('subject', meta.subjects), codes: read('code', meta.codes) }
  // Chunks of a generation whose writing a crash interrupted.
  store.db.prepare('DELETE FROM revocation_chunks WHERE generation <> ?').run(meta.generation)
  return arrays
}

/** Calls `each` for every delta row, oldest first; returns the last row id, or 0. */
export function readDeltas(
  store: GateStore,
  each: (kind: RecordKind, words: Uint32Array, count: number) => void,
): number {
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

/** Deletes every revocation row and the seq: only a new snapshot fills the cache again. */
export function clearRevocations(store: GateStore): void {
  store.transaction(() => {
    const db = store.db
    db.exec('DELETE FROM revocation_chunks')
    db.exec('DELETE FROM revocation_deltas')
    db.prepare('DELETE FROM gate_meta WHERE key IN (?, ?)').run(GENERATION_KEY, FEED_SEQ_KEY)
  })
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
 * Writes `arrays` as generation `generation`, a chunk per event-loop turn, then
 * switches to it, dropping the old generation and the deltas it absorbed, in one
 * durable transaction. A crash before the switch leaves the old generation active.
 */
export async function writeGeneration(
  store: GateStore,
  generation: number,
  arrays: RecordArrays,
  options: WriteGenerationOptions,
): Promise<GenerationMeta> {
  const db = store.db
  db.prepare('DELETE FROM revocation_chunks WHERE generation = ?').run(generation)
  const insert = db.prepare(
    'INSERT INTO revocation_chunks (generation, kind, part, records) VALUES (?, ?, ?, ?)',
  )
  for (const kind of KINDS) {
    const sorted = kind === 'subject' ? arrays.subjects : arrays.codes
    for (let part = 0, from = 0; from < sorted.count; part++, from += CHUNK_RECORDS) {
      const count = Math.min(CHUNK_RECORDS, sorted.count - from)
      const bytes = recordBytes(sorted.words, from, count)
      // Not durable on its own: the durable switch below flushes the chunks with it.
      store.transaction(() => insert.run(generation, KIND_CODE[kind], part, bytes), {
        durable: false,
      })
      await nextTurn()
    }
  }

  const meta: GenerationMeta = {
    generation,
    subjects: arrays.subjects.count,
    codes: arrays.codes.count,
    littleEndian: LITTLE_ENDIAN,
  }
  store.transaction(() => {
    store.setMeta(GENERATION_KEY, meta)
    if (options.feedSeq !== undefined) writeFeedSeq(store, options.feedSeq)
    db.prepare('DELETE FROM revocation_deltas WHERE id <= ?').run(options.throughDeltaId)
    db.prepare('DELETE FROM revocation_chunks WHERE generation <> ?').run(generation)
    options.inTransaction?.()
  })
  return meta
}
