// Edge: fetch a code, verify online and ingest pass events, each against its ceiling or floor.
import type { Bench, BenchContext } from '../harness/bench.ts'
import { formatRate, round, type Row } from '../harness/row.ts'
import { rateRatio, summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { startBenchEdge } from './bench-edge.ts'
import { ingestRow } from './ingest-row.ts'
import { getJson, postJson } from './json-http.ts'
import { seedEdge, type Seeded } from './seed.ts'
import { CONNECTIONS, Target, type PathRequest } from './target.ts'

const BAR_RATE = 0.8

interface D1Counts {
  requests: number
  reads: number
  writes: number
  sessions: number
  bySql?: Record<string, number>
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
  const counts = () => target.once((base) => getJson<D1Counts>(`${base}/__bench/d1-counts`))

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

  // The part that is ours: the code fetch against signing after one bare D1 read.
  log('edge rates: fetch a code vs sign after one bare D1 read')
  const signAndRead: PathRequest = { path: '/__bench/sign-and-read' }
  const oneRead = await interleave({
    subject: async () => [await target.rate(fetchCode, seconds)],
    floor: async () => [await target.rate(signAndRead, seconds)],
    rounds: Math.max(1, rounds / 2),
    warmupRounds: 0,
  })
  const overOneRead = summarize(oneRead.subject).median / summarize(oneRead.floor).median

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

  // The part that is ours: verify against verifying after one bare read on the primary.
  log('edge rates: verify online vs verify after one bare primary read')
  const verifyAndRead: PathRequest = { ...verify, path: '/__bench/verify-and-read' }
  const floorVerdict = await postJson<{ decision: string }>(
    `${target.base}${verifyAndRead.path}`,
    verifyBody,
  )
  if (floorVerdict.decision !== 'pass') throw new Error('the verify floor does not pass the code')
  const verifyOneRead = await interleave({
    subject: async () => [await target.rate(verify, seconds)],
    floor: async () => [await target.rate(verifyAndRead, seconds)],
    rounds: Math.max(1, rounds / 2),
    warmupRounds: 0,
  })
  const verifyOverOneRead =
    summarize(verifyOneRead.subject).median / summarize(verifyOneRead.floor).median

  // Where the time goes, one round each: plain text, one bare D1 read, and the code fetch
  // and its ceiling through wrangler's proxy.
  const plain = await target.rate({ path: '/__bench/plain' }, seconds)
  const d1Read = await target.rate({ path: '/__bench/d1-read' }, seconds)
  const proxyPath = {
    codePerSecond: await target.rate(fetchCode, seconds, target.edge.url),
    signOnlyPerSecond: await target.rate(signOnly, seconds, target.edge.url),
  }

  const codeRow = rateRow('edge.fetch-code', 'edge: fetch a code', code, target.via, {
    d1PerRequest: averageCounts(perRequest.code),
    plainPerSecond: plain,
    d1ReadPerSecond: d1Read,
    signAndReadPerSecond: summarize(oneRead.floor),
    codeOverSignAndRead: overOneRead,
    proxyPath,
    codeLength: issued.code.length,
  })
  const d1 = averageCounts(perRequest.code)
  codeRow.pass = codeRow.pass === true && d1.writes === 0 && d1.reads <= 1
  codeRow.subject += `; D1 ${round(d1.reads)} read, ${round(d1.writes)} writes/req`
  codeRow.note =
    `${codeRow.note ?? ''}; it reaches ${round(overOneRead)}x of a route that signs after one ` +
    'bare D1 read through a session (the cost of the read itself)'
  const verifyRow = rateRow('edge.verify', 'edge: verify online', online, target.via, {
    d1PerRequest: averageCounts(perRequest.verify),
    verifyAndReadPerSecond: summarize(verifyOneRead.floor),
    verifyOverVerifyAndRead: verifyOverOneRead,
  })
  const dv = averageCounts(perRequest.verify)
  verifyRow.subject += `; D1 ${round(dv.reads)} reads, ${round(dv.writes)} writes/req`
  verifyRow.note =
    `${verifyRow.note ?? ''}; it reaches ${round(verifyOverOneRead)}x of a route that verifies ` +
    'after one bare D1 read on the primary (the cost of the read itself)'
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
