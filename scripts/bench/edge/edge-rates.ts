// Edge: fetch a code, verify online and ingest pass events, each against its ceiling or floor.
import { randomBytes } from 'node:crypto'
import type { Bench, BenchContext } from '../harness/bench.ts'
import { formatRate, round, type Row } from '../harness/row.ts'
import { rateRatio, summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { startBenchEdge, type BenchEdge } from './bench-edge.ts'
import { loop, wrk as runWrk, type LoopResult, type WrkRequest } from './http-load.ts'
import { seedEdge, type Seeded } from './seed.ts'

const BAR_RATE = 0.8
const CONNECTIONS = 8
/** Pass-event batch sizes tried once each: around D1's 100-value limit and the 500 maximum. */
const BATCH_SIZES = [1, 9, 10, 11, 99, 100, 101, 250, 499, 500]

interface D1Counts {
  requests: number
  reads: number
  writes: number
  sessions: number
  bySql?: Record<string, number>
}

/** A request by path: the base is read at each run, as a restart may move workerd's port. */
type PathRequest = Omit<WrkRequest, 'url'> & { path: string }

/** Where the load goes: workerd's own socket when found, else wrangler's proxy. */
class Target {
  readonly edge: BenchEdge
  restarts = 0

  constructor(edge: BenchEdge) {
    this.edge = edge
  }

  get base(): string {
    return this.edge.directUrl ?? this.edge.url
  }

  get via(): string {
    return this.edge.directUrl === undefined ? "wrangler dev's proxy" : "workerd's own socket"
  }

  /**
   * wrk at `seconds` with CONNECTIONS; a round with failures is run again once, after the
   * Worker is back: wrangler dev restarts it when a source file changes (others edit this
   * tree), and a round that spans a restart is void. Answers requests per second.
   */
  async rate(request: PathRequest, seconds: number, base = this.base): Promise<number> {
    const run = (at: string) =>
      runWrk({ ...request, url: `${at}${request.path}` }, { seconds, connections: CONNECTIONS })
    let result = await run(base)
    if (result.failures > 0) {
      this.restarts++
      await this.edge.rediscover()
      result = await run(base === this.edge.url ? base : this.base)
    }
    if (result.failures > 0) {
      throw new Error(`${result.failures} of ${result.requests} requests to ${request.path} failed`)
    }
    return result.perSecond
  }

  /** The same for a Node loop of heavy operations; answers operations per second. */
  async loop(
    operation: () => Promise<void>,
    options: { seconds: number; workers: number },
  ): Promise<number> {
    let result: LoopResult = await loop(operation, options)
    if (result.failures > 0) {
      this.restarts++
      await this.edge.rediscover()
      result = await loop(operation, options)
    }
    if (result.failures > 0) {
      throw new Error(`${result.failures} operations failed: ${result.firstFailure ?? ''}`)
    }
    return result.perSecond
  }
}

export const edgeRatesBench: Bench = {
  id: 'edge.rates',
  async run(context) {
    context.log('edge rates: starting the bench Worker under wrangler dev (--log-level warn)')
    const edge = await startBenchEdge({ logLevel: 'warn' })
    try {
      const seeded = await seedEdge({
        url: edge.url,
        root: context.root,
        persistTo: edge.persistTo,
        people: 3,
      })
      const target = new Target(edge)
      context.log(`edge rates: measuring through ${target.via} (${target.base})`)
      const rows = [
        ...(await codeAndVerifyRows(context, target, seeded)),
        await ingestRow(context, target, seeded),
      ]
      for (const row of rows) row.figures.workerRestartsDuringRun = target.restarts
      return rows
    } finally {
      await edge.dispose()
    }
  },
}

async function codeAndVerifyRows(
  { quick, log }: BenchContext,
  target: Target,
  seeded: Seeded,
): Promise<Row[]> {
  const seconds = quick ? 2 : 4
  const rounds = quick ? 2 : 4
  const person = seeded.personIds[0] as string
  const fetchCode: PathRequest = {
    path: `/people/${person}/code`,
    headers: { authorization: `Bearer ${seeded.residentToken}` },
  }
  const signOnly: PathRequest = { path: '/__bench/sign-only' }
  const counts = () => getJson<D1Counts>(`${target.base}/__bench/d1-counts`)

  // D1 statements per request, counted by the bench Worker as the real Worker prepares them.
  const perRequest: Record<'code' | 'verify', D1Counts[]> = { code: [], verify: [] }
  const measured = (name: 'code' | 'verify', request: PathRequest) => async () => {
    await counts()
    const perSecond = await target.rate(request, seconds)
    const c = await counts()
    const answered = Math.max(1, c.requests)
    perRequest[name].push({
      bySql: c.bySql ?? {},
      requests: c.requests,
      reads: c.reads / answered,
      writes: c.writes / answered,
      sessions: c.sessions / answered,
    })
    return [perSecond]
  }
  const ceiling = async () => [await target.rate(signOnly, seconds)]

  log('edge rates: fetch a code vs sign-only')
  const code = await interleave({
    subject: measured('code', fetchCode),
    floor: ceiling,
    rounds,
    warmupRounds: 1,
  })

  // A fresh code for verify: it must stay valid (3 minutes) through the rounds.
  const issued = await getJson<{ qrText: string; code: string }>(
    `${target.base}${fetchCode.path}`,
    fetchCode.headers,
  )
  const verifyHeaders = {
    authorization: `Bearer ${seeded.deviceCredential}`,
    'content-type': 'application/json',
  }
  const verifyBody = { code: issued.qrText }
  const verify: PathRequest = {
    path: '/verify',
    method: 'POST',
    headers: verifyHeaders,
    body: JSON.stringify(verifyBody),
  }
  const verdict = await postJson<{ decision: string }>(
    `${target.base}/verify`,
    verifyBody,
    verifyHeaders,
  )
  if (verdict.decision !== 'pass')
    throw new Error(`a fresh code does not verify: ${verdict.decision}`)
  log('edge rates: verify online vs sign-only')
  const online = await interleave({
    subject: measured('verify', verify),
    floor: ceiling,
    rounds,
    warmupRounds: 1,
  })

  // Where the time goes, one round each: plain text, one bare D1 read, signing after one
  // bare read, and the code fetch and ceiling through wrangler's proxy.
  const plain = await target.rate({ path: '/__bench/plain' }, seconds)
  const d1Read = await target.rate({ path: '/__bench/d1-read' }, seconds)
  const signAndRead = await target.rate({ path: '/__bench/sign-and-read' }, seconds)
  const proxyPath = {
    codePerSecond: await target.rate(fetchCode, seconds, target.edge.url),
    signOnlyPerSecond: await target.rate(signOnly, seconds, target.edge.url),
  }

  const codeRow = rateRow('edge.fetch-code', 'edge: fetch a code', code, target.via, {
    d1PerRequest: averageCounts(perRequest.code),
    plainPerSecond: plain,
    d1ReadPerSecond: d1Read,
    signAndReadPerSecond: signAndRead,
    proxyPath,
    codeLength: issued.code.length,
  })
  const d1 = averageCounts(perRequest.code)
  codeRow.pass = codeRow.pass === true && d1.writes === 0 && d1.reads <= 1
  codeRow.subject += `; D1 ${round(d1.reads)} read, ${round(d1.writes)} writes/req`
  const verifyRow = rateRow('edge.verify', 'edge: verify online', online, target.via, {
    d1PerRequest: averageCounts(perRequest.verify),
  })
  const dv = averageCounts(perRequest.verify)
  verifyRow.subject += `; D1 ${round(dv.reads)} reads, ${round(dv.writes)} writes/req`
  return [codeRow, verifyRow]
}

function rateRow(
  id: string,
  path: string,
  samples: { subject: number[]; floor: number[] },
  via: string,
  extra: Record<string, unknown>,
): Row {
  const s = summarize(samples.subject)
  const f = summarize(samples.floor)
  const ratio = rateRatio(s.median, f.median)
  return {
    id,
    path,
    subject: formatRate(s.median, ' req/s'),
    floor: `sign-only route ${formatRate(f.median, ' req/s')}`,
    ratio,
    bar: `>= ${BAR_RATE}x`,
    pass: ratio >= BAR_RATE,
    figures: { subjectPerSecond: s, ceilingPerSecond: f, ...extra },
    note: `wrangler dev --log-level warn, local D1; wrk -t1 -c${CONNECTIONS} to ${via}`,
  }
}

async function ingestRow(
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

function averageCounts(list: readonly D1Counts[]): D1Counts {
  const n = Math.max(1, list.length)
  const sum = (pick: (c: D1Counts) => number) => list.reduce((total, c) => total + pick(c), 0)
  const bySql: Record<string, number> = {}
  for (const c of list) {
    for (const [sql, n] of Object.entries(c.bySql ?? {})) bySql[sql] = (bySql[sql] ?? 0) + n
  }
  return {
    bySql,
    requests: sum((c) => c.requests),
    reads: sum((c) => c.reads) / n,
    writes: sum((c) => c.writes) / n,
    sessions: sum((c) => c.sessions) / n,
  }
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers })
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

async function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) {
    throw new Error(`POST ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  }
  return (await res.json()) as T
}
