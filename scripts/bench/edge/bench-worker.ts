// The benchmark-only Worker: the real Worker, plus ceiling and floor routes under /__bench/.
//
// Never deployed: only `npm run bench` runs it, under wrangler dev with a config of its own
// (see bench-edge.ts). Everything outside /__bench/ is answered by the real Worker, whose
// D1 binding is wrapped to count the statements it prepares.
import realWorker, { FeedHub } from 'greengate-real-worker'
import { keyringOf } from '../../../worker/src/crypto/signing-keyring.ts'
import { codeFromScannedText, verifyCode } from '@greengate/shared'
import { verifyEs256 } from '../../../worker/src/crypto/public-keys.ts'
import { signCodeFor } from '../../../worker/src/services/code-issuer.ts'
import { REPLICA_LAG_ALLOWANCE_SECONDS } from '../../../worker/src/services/replica-lag.ts'
import { D1Counter, type D1Like } from './d1-counter.ts'

interface BenchEnv {
  DB: D1Like & { batch(statements: unknown[]): Promise<unknown[]> }
  SIGNING_KEYS: string
  ISSUER: string
  CODE_TTL_SECONDS: string
}

interface Statement {
  bind(...values: unknown[]): unknown
  first(): Promise<unknown>
}

/** One counter per isolate: the bench reads and resets it between rounds. */
const counter = new D1Counter()
/**
 * The env the real Worker sees, made once per env object: the Worker caches its parsed
 * config by env object, and a fresh copy per request would parse it every time.
 */
const wrappedEnvs = new WeakMap<BenchEnv, BenchEnv>()

export { FeedHub }

export default {
  async fetch(request: Request, env: BenchEnv, ctx: object): Promise<Response> {
    const url = new URL(request.url)
    if (!url.pathname.startsWith('/__bench/')) {
      let wrapped = wrappedEnvs.get(env)
      if (wrapped === undefined) {
        wrapped = { ...env, DB: counter.wrap(env.DB) }
        wrappedEnvs.set(env, wrapped)
      }
      counter.counts.requests++
      return realWorker.fetch(request, wrapped, ctx)
    }
    switch (url.pathname) {
      case '/__bench/plain':
        return new Response('ok')
      case '/__bench/d1-read':
        return Response.json(await d1Read(env))
      case '/__bench/sign-and-read':
        await d1Read(env)
        return Response.json(await signOnly(env), { headers: { 'cache-control': 'no-store' } })
      case '/__bench/verify-and-read':
        return Response.json(await verifyAfterRead(env, (await request.json()) as { code: string }))
      case '/__bench/sign-only':
        return Response.json(await signOnly(env), { headers: { 'cache-control': 'no-store' } })
      case '/__bench/ingest-raw':
        return Response.json(await ingestRaw(env, (await request.json()) as IngestBody))
      case '/__bench/d1-counts':
        return Response.json(counter.take())
      default:
        return new Response('no such bench route', { status: 404 })
    }
  },
  scheduled: realWorker.scheduled,
}

/** One D1 read through a session, as the code fetch makes it, and nothing else. */
async function d1Read(env: BenchEnv): Promise<unknown> {
  const session = env.DB.withSession?.('first-unconstrained') ?? env.DB
  return (session.prepare('SELECT 1 AS one') as Statement).first()
}

/** The ceiling of a code fetch: the same signing, the same answer shape, no D1 at all. */
async function signOnly(env: BenchEnv) {
  const keyring = await keyringOf(env.SIGNING_KEYS)
  const key = keyring.keys[0]
  if (key === undefined) throw new Error('no signing key')
  const now = Math.floor(Date.now() / 1000)
  const holder = {
    subject: 'BenchSubjct',
    nameMasked: '王*明',
    status: 'approved' as const,
    colour: 'green' as const,
    validUntil: now + 86_400,
    revokedThrough: 0,
  }
  const ttlSeconds = Number(env.CODE_TTL_SECONDS)
  const signed = await signCodeFor(holder, {
    kind: 'phone',
    issuer: env.ISSUER,
    key,
    now,
    ttlSeconds,
    staleReadSeconds: REPLICA_LAG_ALLOWANCE_SECONDS,
  })
  return signed.answer
}

/**
 * The floor of an online verify: one bare read on the primary (as fresh as /verify reads),
 * then the shared verifier on the same code with the signing key at hand and no revocation.
 */
async function verifyAfterRead(env: BenchEnv, body: { code: string }) {
  await (env.DB.prepare('SELECT 1 AS one') as Statement).first()
  const key = (await keyringOf(env.SIGNING_KEYS)).keys[0]
  if (key === undefined) throw new Error('no signing key')
  const keys = new Map([[key.kid, key.publicJwk]])
  const issuer = { iss: env.ISSUER, keys, retiredKids: new Set<string>() }
  const decision = await verifyCode(
    codeFromScannedText(body.code) ?? '',
    {
      issuers: new Map([[env.ISSUER, issuer]]),
      revocations: { revokedThrough: () => 0, isCodeRevoked: () => false },
      now: Date.now() / 1000,
      skewSeconds: 15,
      policy: { allowedColours: ['green'], acceptsPrinted: true },
    },
    verifyEs256,
  )
  return { decision: decision.ok ? 'pass' : 'refuse' }
}

interface IngestBody {
  deviceId: string
  checkpointId: string
  events: {
    id: string
    lane: number
    at: number
    decision: string
    reason: string
    subject?: string
    jti?: string
  }[]
}

/** The floor of an upload: one hand-written D1 batch, 10 rows (100 values) a statement. */
async function ingestRaw(env: BenchEnv, body: IngestBody) {
  const now = Math.floor(Date.now() / 1000)
  const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  const statements: unknown[] = []
  for (let i = 0; i < body.events.length; i += 10) {
    const chunk = body.events.slice(i, i + 10)
    const sql =
      'INSERT INTO pass_events (device_id, event_id, checkpoint_id, lane, at, decision, reason,' +
      ` subject, jti, received_at) VALUES ${chunk.map(() => row).join(', ')} ON CONFLICT DO NOTHING`
    const values = chunk.flatMap((e) => [
      body.deviceId,
      e.id,
      body.checkpointId,
      e.lane,
      e.at,
      e.decision,
      e.reason,
      e.subject ?? null,
      e.jti ?? null,
      now,
    ])
    statements.push((env.DB.prepare(sql) as Statement).bind(...values))
  }
  const results = (await env.DB.batch(statements)) as { meta: { changes: number } }[]
  return { accepted: results.reduce((sum, r) => sum + r.meta.changes, 0) }
}
