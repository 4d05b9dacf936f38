// Edge: fetch a code, verify online and ingest pass events, each against its ceiling or floor.
import { randomBytes } from 'node:crypto'
import type { Bench, BenchContext } from '../harness/bench.ts'
import { formatRate, round, type Row } from '../harness/row.ts'
import { rateRatio, summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { startBenchEdge, type BenchEdge } from './bench-edge.ts'
import { loop, wrk, type WrkRequest, type WrkResult } from './http-load.ts'
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
      const base = edge.directUrl ?? edge.url
      const via = edge.directUrl === undefined ? 'the wrangler dev proxy' : "workerd's own socket"
      context.log(`edge rates: measuring through ${via} (${base})`)
      return [
        ...(await codeAndVerifyRows(context, edge, base, via, seeded)),
        await ingestRow(context, base, via, seeded),
      ]
    } finally {
      await edge.dispose()
    }
  },
}

async function codeAndVerifyRows(
  { quick, log }: BenchContext,
  edge: BenchEdge,
  base: string,
  via: string,
  seeded: Seeded,
): Promise<Row[]> {
  const seconds = quick ? 2 : 4
  const rounds = quick ? 2 : 4
  const person = seeded.personIds[0] as string
  const fetchCode: WrkRequest = {
    url: `${base}/people/${person}/code`,
    headers: { authorization: `Bearer ${seeded.residentToken}` },
  }
  const signOnly: WrkRequest = { url: `${base}/__bench/sign-only` }
  const counts = () => getJson<D1Counts>(`${base}/__bench/d1-counts`)

  // The rows' D1 figures: statements per request, counted by the bench Worker.
  const perRequest: Record<string, D1Counts[]> = {
    code: [],
    verify: [],
  }
  const measured = (name: 'code' | 'verify', request: WrkRequest) => async () => {
    await counts()
    const result = await wrk(request, { seconds, connections: CONNECTIONS })
    const c = await counts()
    // Counted by the Worker: wrk leaves a few requests in flight uncounted at the end.
    const answered = Math.max(1, c.requests)
    perRequest[name]?.push({
      requests: c.requests,
      reads: c.reads / answered,
      writes: c.writes / answered,
      sessions: c.sessions / answered,
    })
    return [checked(result)]
  }
  const ceiling = async () => [checked(await wrk(signOnly, { seconds, connections: CONNECTIONS }))]

  log('edge rates: fetch a code vs sign-only')
  const code = await interleave({
    subject: measured('code', fetchCode),
    floor: ceiling,
    rounds,
    warmupRounds: 1,
  })

  // A fresh code for verify: it must stay valid (3 minutes) through the rounds.
  const issued = await getJson<{ qrText: string; code: string }>(fetchCode.url, fetchCode.headers)
  const verify: WrkRequest = {
    url: `${base}/verify`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${seeded.deviceCredential}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ code: issued.qrText }),
  }
  const verdict = await postJson<{ decision: string }>(
    verify.url,
    JSON.parse(verify.body as string),
    verify.headers,
  )
  if (verdict.decision !== 'pass')
    throw new Error(`a fresh code does not verify: ${JSON.stringify(verdict)}`)
  log('edge rates: verify online vs sign-only')
  const online = await interleave({
    subject: measured('verify', verify),
    floor: ceiling,
    rounds,
    warmupRounds: 1,
  })

  // Where the CPU goes: plain text, one bare D1 read, and the proxy's share, one round each.
  const load = { seconds, connections: CONNECTIONS }
  const plain = checked(await wrk({ url: `${base}/__bench/plain` }, load))
  const d1Read = checked(await wrk({ url: `${base}/__bench/d1-read` }, load))
  const proxied = {
    codePerSecond: checked(
      await wrk({ ...fetchCode, url: fetchCode.url.replace(base, edge.url) }, load),
    ),
    signOnlyPerSecond: checked(await wrk({ url: `${edge.url}/__bench/sign-only` }, load)),
  }

  const codeRow = rateRow({
    id: 'edge.fetch-code',
    path: 'edge: fetch a code',
    samples: code,
    d1: perRequest.code ?? [],
    via,
    extra: {
      plainPerSecond: plain,
      d1ReadPerSecond: d1Read,
      proxyPath: proxied,
      codeLength: issued.code.length,
    },
  })
  const d1 = averageCounts(perRequest.code ?? [])
  codeRow.pass = codeRow.pass === true && d1.writes === 0 && d1.reads <= 1.001
  codeRow.subject += `; D1 ${round(d1.reads)} read, ${round(d1.writes)} write/req`
  const verifyRow = rateRow({
    id: 'edge.verify',
    path: 'edge: verify online',
    samples: online,
    d1: perRequest.verify ?? [],
    via,
    extra: {},
  })
  const dv = averageCounts(perRequest.verify ?? [])
  verifyRow.subject += `; D1 ${round(dv.reads)} reads, ${round(dv.writes)} writes/req`
  return [codeRow, verifyRow]
}

function rateRow(options: {
  id: string
  path: string
  samples: { subject: number[]; floor: number[] }
  d1: D1Counts[]
  via: string
  extra: Record<string, unknown>
}): Row {
  const s = summarize(options.samples.subject)
  const f = summarize(options.samples.floor)
  const ratio = rateRatio(s.median, f.median)
  return {
    id: options.id,
    path: options.path,
    subject: formatRate(s.median, ' req/s'),
    floor: `sign-only route ${formatRate(f.median, ' req/s')}`,
    ratio,
    bar: `>= ${BAR_RATE}x`,
    pass: ratio >= BAR_RATE,
    figures: {
      subjectPerSecond: s,
      ceilingPerSecond: f,
      d1PerRequest: averageCounts(options.d1),
      ...options.extra,
    },
    note: `wrangler dev --log-level warn, local D1; wrk -t1 -c${CONNECTIONS} through ${options.via}`,
  }
}

async function ingestRow(
  { quick, log }: BenchContext,
  base: string,
  via: string,
  seeded: Seeded,
): Promise<Row> {
  const auth = { authorization: `Bearer ${seeded.deviceCredential}` }
  log('edge rates: pass-event batch sizes')
  const sizes: { size: number; status: number; accepted?: number }[] = []
  for (const size of [...BATCH_SIZES, 501]) {
    const res = await fetch(`${base}/device/pass-events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ events: passEvents(size) }),
    })
    const body = (await res.json()) as { accepted?: number; error?: { code: string } }
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
      await postJson(`${base}/device/pass-events`, { events: passEvents(500) }, auth)
    }
  }
  const raw = async () => {
    const body = {
      deviceId: seeded.deviceId,
      checkpointId: seeded.checkpointId,
      events: passEvents(1000),
    }
    const answer = await postJson<{ accepted: number }>(`${base}/__bench/ingest-raw`, body)
    if (answer.accepted !== 1000) throw new Error(`raw batch stored ${answer.accepted} of 1000`)
  }
  const seconds = quick ? 3 : 5
  const workers = 2
  const asRate = (r: Awaited<ReturnType<typeof loop>>) => {
    if (r.failures > 0) throw new Error(`ingest failed ${r.failures} times: ${r.firstFailure}`)
    return [r.perSecond * 1000]
  }
  const samples = await interleave({
    subject: async () => asRate(await loop(upload, { seconds, workers })),
    floor: async () => asRate(await loop(raw, { seconds, workers })),
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
    figures: { subjectEventsPerSecond: s, floorEventsPerSecond: f, batchSizes: sizes, workers },
    note:
      `sizes ${BATCH_SIZES.join(', ')} stored whole, 501 refused with 400; ` +
      `${workers} uploaders in a loop through ${via}`,
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

function checked(result: WrkResult): number {
  if (result.failures > 0) throw new Error(`${result.failures} requests failed under load`)
  return result.perSecond
}

function averageCounts(list: D1Counts[]): D1Counts {
  const n = Math.max(1, list.length)
  return {
    requests: list.reduce((sum, c) => sum + c.requests, 0),
    reads: list.reduce((sum, c) => sum + c.reads, 0) / n,
    writes: list.reduce((sum, c) => sum + c.writes, 0) / n,
    sessions: list.reduce((sum, c) => sum + c.sessions, 0) / n,
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
  if (!res.ok)
    throw new Error(`POST ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return (await res.json()) as T
}
