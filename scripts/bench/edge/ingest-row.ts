// Edge: ingest 1,000 pass events as a gate uploads them, vs one hand-written D1 batch.
import { randomBytes } from 'node:crypto'
import type { BenchContext } from '../harness/bench.ts'
import { formatRate, type Row } from '../harness/row.ts'
import { rateRatio, summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { postJson } from './json-http.ts'
import type { Seeded } from './seed.ts'
import type { Target } from './target.ts'

const BAR_RATE = 0.8
/** Pass-event batch sizes tried once each: around D1's 100-value limit and the 500 maximum. */
const BATCH_SIZES = [1, 9, 10, 11, 99, 100, 101, 250, 499, 500]

export async function ingestRow(
  { quick, log }: BenchContext,
  target: Target,
  seeded: Seeded,
): Promise<Row> {
  const auth = { authorization: `Bearer ${seeded.deviceCredential}` }
  log('edge rates: pass-event batch sizes')
  const sizes: { size: number; status: number; accepted?: number }[] = []
  for (const size of [...BATCH_SIZES, 501]) {
    const res = await fetch(`${target.base}/device/pass-events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ events: passEvents(size) }),
    })
    const body = (await res.json()) as { accepted?: number }
    sizes.push({
      size,
      status: res.status,
      ...(body.accepted === undefined ? {} : { accepted: body.accepted }),
    })
  }
  const sizesOk = sizes.every(({ size, status, accepted }) =>
    size <= 500 ? status === 200 && accepted === size : status === 400,
  )

  // 1,000 events as a gate uploads them (two batches of 500), against one raw D1 batch.
  log('edge rates: ingest 1,000 pass events vs a hand-written D1 batch')
  const upload = async () => {
    for (let i = 0; i < 2; i++) {
      await postJson(`${target.base}/device/pass-events`, { events: passEvents(500) }, auth)
    }
  }
  const raw = async () => {
    const body = {
      deviceId: seeded.deviceId,
      checkpointId: seeded.checkpointId,
      events: passEvents(1000),
    }
    const answer = await postJson<{ accepted: number }>(`${target.base}/__bench/ingest-raw`, body)
    if (answer.accepted !== 1000) throw new Error(`raw batch stored ${answer.accepted} of 1000`)
  }
  const load = { seconds: quick ? 3 : 5, workers: 2 }
  const samples = await interleave({
    subject: async () => [(await target.loop(upload, load)) * 1000],
    floor: async () => [(await target.loop(raw, load)) * 1000],
    rounds: quick ? 2 : 3,
    warmupRounds: 1,
  })
  const s = summarize(samples.subject)
  const f = summarize(samples.floor)
  const ratio = rateRatio(s.median, f.median)
  return {
    id: 'edge.ingest',
    path: 'edge: ingest 1,000 pass events',
    subject: `${formatRate(s.median, ' events/s')} (2 uploads of 500)`,
    floor: `raw D1 batch ${formatRate(f.median, ' events/s')}`,
    ratio,
    bar: `>= ${BAR_RATE}x; every batch size stored`,
    pass: ratio >= BAR_RATE && sizesOk,
    figures: { subjectEventsPerSecond: s, floorEventsPerSecond: f, batchSizes: sizes, ...load },
    note:
      `sizes ${BATCH_SIZES.join(', ')} stored whole, 501 refused with 400; ` +
      `${load.workers} uploaders in a loop to ${target.via}`,
  }
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
