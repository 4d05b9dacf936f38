// Gate: revocation lookup at 1M and 10M entries vs a plain sorted array with a prefix index.
import { randomBytes } from 'node:crypto'
import { writeKey } from '../../../gateway-device/src/store/record-key.ts'
import { RevocationIndex } from '../../../gateway-device/src/store/revocation-index.ts'
import { sortRecords } from '../../../gateway-device/src/store/sorted-records.ts'
import type { Bench } from '../harness/bench.ts'
import { formatMicros, round, type Row } from '../harness/row.ts'
import { arrayBufferBytes, collect } from '../harness/memory.ts'
import { summarize, timeRatio } from '../harness/stats.ts'
import { interleave, timeBatches } from '../harness/timing.ts'
import { packSix, PlainIndex } from './fixtures/plain-index.ts'

const BAR_RATIO = 2
const BAR_BYTES = 1.2 * 16
const ID_LENGTH = 11
const QUERIES = 200_000

export const revocationLookupBench: Bench = {
  id: 'gate.revocation-lookup',
  async run({ quick, log }) {
    const sizes = quick ? [1_000_000] : [1_000_000, 10_000_000]
    const rows: Row[] = []
    for (const size of sizes) {
      log(`revocation lookup: building ${size} entries`)
      rows.push(await measure(size, quick))
    }
    return rows
  },
}

async function measure(size: number, quick: boolean): Promise<Row> {
  // Ids as the Worker makes them: 11 random base64url characters (subjects).
  const text = randomText(size * ID_LENGTH)
  const idAt = (i: number) => text.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH)

  const before = arrayBufferBytes()
  const index = buildIndex(size, idAt)
  const held = arrayBufferBytes() - before
  const gcAvailable = collect()
  const plainWords = new Uint32Array(size * 4)
  for (let i = 0; i < size; i++) {
    packSix(idAt(i), plainWords, i * 4)
    plainWords[i * 4 + 3] = 1_800_000_000
  }
  const sortedPlain = sortRecords(plainWords, size)
  const plain = new PlainIndex(sortedPlain.words, sortedPlain.count)

  // Half the lookups hit a revoked subject, half miss (fresh random ids), in random order.
  const fresh = randomText(QUERIES * ID_LENGTH)
  const queries = Array.from({ length: QUERIES }, (_, q) =>
    q % 2 === 0
      ? idAt(Math.floor(Math.random() * size))
      : fresh.slice(q * ID_LENGTH, (q + 1) * ID_LENGTH),
  )
  const hits = { subject: 0, floor: 0 }
  const perBatch = 10_000
  const batches = QUERIES / perBatch
  const subject = () =>
    timeBatches(batches, perBatch, (i) => {
      const v = index.revokedThrough(queries[i % QUERIES] as string)
      if (v > 0) hits.subject++
      return v
    })
  const floor = () =>
    timeBatches(batches, perBatch, (i) => {
      const v = plain.find(queries[i % QUERIES] as string)
      if (v > 0) hits.floor++
      return v
    })
  const samples = await interleave({ subject, floor, rounds: quick ? 4 : 8, warmupRounds: 1 })
  if (hits.subject !== hits.floor || hits.subject === 0) {
    throw new Error(`lookups disagree: ${hits.subject} hits against ${hits.floor}`)
  }

  const s = summarize(samples.subject)
  const f = summarize(samples.floor)
  const ratio = timeRatio(s.median, f.median)
  const bytesPerEntry = index.counts.bytes / size
  const measuredPerEntry = held / size
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`
  return {
    id: `gate.revocation-lookup.${label}`,
    path: `gate: revocation lookup, ${label} entries`,
    subject: `${formatMicros(s.median / 1000)}/lookup, ${round(bytesPerEntry)} B/entry`,
    floor: `plain sorted array ${formatMicros(f.median / 1000)}/lookup`,
    ratio,
    bar: `<= ${BAR_RATIO}x, <= ${round(BAR_BYTES)} B/entry`,
    pass:
      ratio <= BAR_RATIO &&
      bytesPerEntry <= BAR_BYTES &&
      (!gcAvailable || measuredPerEntry <= BAR_BYTES),
    figures: {
      entries: size,
      subjectNsPerLookup: s,
      floorNsPerLookup: f,
      bytesPerEntry,
      arrayBufferBytesPerEntry: gcAvailable ? measuredPerEntry : null,
      floorBytesPerEntry: plain.byteLength / size,
      hitShare: 0.5,
    },
    note: 'median ns per lookup over batches of 10k; half hits; memory: arrays held per entry',
  }
}

/** The gate's index of `size` revoked subjects; the unsorted input is garbage on return. */
function buildIndex(size: number, idAt: (i: number) => string): RevocationIndex {
  const index = new RevocationIndex()
  const words = new Uint32Array(size * 4)
  for (let i = 0; i < size; i++) {
    writeKey(idAt(i), words, i * 4)
    words[i * 4 + 3] = 1_800_000_000
  }
  index.replace('subject', sortRecords(words, size))
  return index
}

/** `chars` random base64url characters (its random bytes are garbage on return). */
function randomText(chars: number): string {
  return randomBytes(Math.ceil((chars * 6) / 8) + 3).toString('base64url')
}
