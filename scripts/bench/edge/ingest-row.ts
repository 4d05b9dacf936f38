// Edge: ingest 1,000 pass events as a gate uploads them, vs one hand-written D1 batch.
import { randomBytes } from 'node:crypto'
import { MAX_PASS_EVENT_BATCH } from '@greengate/shared'
import type { BenchContext } from '../harness/bench.ts'
import { formatRate, type Row } from '../harness/row.ts'
import { rateRatio, summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { postJson } from './json-http.ts'
import type { Seeded } from './seed.ts'
import type { Target } from './target.ts'

const BAR_RATE = 0.8
/** Events in the row's subject and floor: one gate upload of the most the edge takes. */
const EVENTS = 1000
/**
 * Pass-event batch sizes tried once each: around D1's 100-value limit (ten rows a statement),
 * around the old maximum of 500, and up to the maximum; one more must be refused.
 */
const BATCH_SIZES = [1, 9, 10, 11, 99, 100, 101, 250, 499, 500, 501, 999, MAX_PASS_EVENT_BATCH]

export async function ingestRow(
  { quick, log }: BenchContext,
  target: Target,
  seeded: Seeded,
): Promise<Row> {
  const auth = { authorization: `Bearer ${seeded.deviceCredential}` }
  log('edge rates: pass-event batch sizes')
  /** `stored`: new and duplicate events together, as a resend after a restart is duplicates. */
  const sizes: { size: number; status: number; stored?: number }[] = []
  for (const size of [...BATCH_SIZES, MAX_PASS_EVENT_BATCH + 1]) {
    const body = JSON.stringify({ events: passEvents(size) })
    // Sent again as is after a restart of the Worker; the ids make a resend duplicates.
    const answer = await target.once(async (base) => {
      const res = await fetch(`${base}/device/pass-events`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      })
      return { status: res.status, body: (await res.json()) as Receipt }
    })
    const { accepted, duplicates } = answer.body
    sizes.push({
      size,
      status: answer.status,
      ...(accepted === undefined ? {} : { stored: accepted + (duplicates ?? 0) }),
    })
  }
  const sizesOk = sizes.every(({ size, status, stored }) =>
    size <= MAX_PASS_EVENT_BATCH ? status === 200 && stored === size : status === 400,
  )

  // 1,000 events as a gate uploads them (one upload), against one raw D1 batch.
  log('edge rates: ingest 1,000 pass events vs a hand-written D1 batch')
  const upload = async () => {
    const events = passEvents(EVENTS)
    const answer = await postJson<Receipt>(`${target.base}/device/pass-events`, { events }, auth)
    if (answer.accepted !== EVENTS) {
      throw new Error(`upload stored ${answer.accepted} of ${EVENTS}`)
    }
  }
  const raw = async () => {
    const body = {
      deviceId: seeded.deviceId,
      checkpointId: seeded.checkpointId,
      events: passEvents(EVENTS),
    }
    const answer = await postJson<Receipt>(`${target.base}/__bench/ingest-raw`, body)
    if (answer.accepted !== EVENTS) {
      throw new Error(`raw batch stored ${answer.accepted} of ${EVENTS}`)
    }
  }
  const load = { seconds: quick ? 3 : 5, workers: 2 }
  const samples = await interleave({
    subject: async () => [(await target.loop(upload, load)) * EVENTS],
    floor: async () => [(await target.loop(raw, load)) * EVENTS],
    rounds: quick ? 2 : 3,
    warmupRounds: 1,
  })
  const s = summarize(samples.subject)
  const f = summarize(samples.floor)
  const ratio = rateRatio(s.median, f.median)
  return {
    id: 'edge.ingest',
    path: 'edge: ingest 1,000 pass events',
    subject: `${formatRate(s.median, ' events/s')} (one upload of ${EVENTS})`,
    floor: `raw D1 batch ${formatRate(f.median, ' events/s')}`,
    ratio,
    bar: `>= ${BAR_RATE}x; every batch size stored`,
    pass: ratio >= BAR_RATE && sizesOk,
    figures: { subjectEventsPerSecond: s, floorEventsPerSecond: f, batchSizes: sizes, ...load },
    note:
      `sizes ${BATCH_SIZES.join(', ')} stored whole, ${MAX_PASS_EVENT_BATCH + 1} refused ` +
      `with 400; ${load.workers} uploaders in a loop to ${target.via}`,
  }
}

/** A receipt, or an error answer without one. */
interface Receipt {
  accepted?: number
  duplicates?: number
}

let eventSerial = 0
const runTag = randomBytes(6).toString('base64url')

/** `count` pass events with ids never used before. */
function passEvents(count: number) {
  const at = Date.now()
  return Array.from({ length: count }, (_, i) => ({
    id: `${runTag}-${(eventSerial++).toString(36)}`,
    lane: 1 + (i % 4),
    at,
    decision: i % 10 === 0 ? 'refuse' : 'pass',
    reason: i % 10 === 0 ? 'CODE_EXPIRED' : 'OK',
    subject: 'BenchSubjct',
    jti: `jti${(i % 1000).toString().padStart(5, '0')}`,
  }))
}
