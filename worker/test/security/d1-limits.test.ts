// What D1 will not do, proven on every statement the Worker sends: more than 100 bound
// parameters or 100 KB of SQL in one statement, and BEGIN (atomicity comes from db.batch
// alone); and a pass-event upload stays far below the queries one request may make. Local D1
// refuses too many parameters as well, so these also prove the writes succeed.
import { MAX_PASS_EVENT_BATCH, randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { fetchWithEnv } from '../helpers/codes.ts'
import { isWrite, recordingD1, type D1Call } from '../helpers/d1-recorder.ts'
import {
  declaration,
  errorOf,
  personDetails,
  randomClientAddress,
  randomPhone,
} from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import {
  checkpointWithGate,
  insertGreenPeople,
  uploadPasses,
  type Gate,
} from '../staff/fixtures.ts'

// D1's limits (Workers Paid): https://developers.cloudflare.com/d1/platform/limits/
const MAX_BOUND_PARAMETERS = 100
const MAX_SQL_BYTES = 100_000
/** Counting each statement of a batch as one query, the strictest reading. */
const MAX_QUERIES_PER_INVOCATION = 1000
const TRANSACTION_SQL = /\b(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i

/** Placeholders in a statement: drizzle binds every value as `?`. */
function boundParameters(call: D1Call): number {
  return call.sql.match(/\?/g)?.length ?? 0
}

function expectWithinD1Limits(calls: D1Call[], what: string): void {
  expect(calls.length, what).toBeGreaterThan(0)
  for (const call of calls) {
    expect(boundParameters(call), `${what}: ${call.sql.slice(0, 120)}`).toBeLessThanOrEqual(
      MAX_BOUND_PARAMETERS,
    )
    expect(new TextEncoder().encode(call.sql).length, what).toBeLessThanOrEqual(MAX_SQL_BYTES)
    expect(call.sql, what).not.toMatch(TRANSACTION_SQL)
  }
}

/** One request through a D1 binding that records every statement. */
async function recorded(
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> },
) {
  const calls: D1Call[] = []
  const res = await fetchWithEnv({ DB: recordingD1(env.DB, calls) }, path, init)
  return { ...res, calls }
}

/**
 * Upload sizes tried: every size to 101 (each short last statement, one to eleven statements),
 * around the old maximum of 500, and every size from 990 to the maximum. Every size to 1,000
 * would send four times the events of the old every-size-to-500 loop and cover nothing more:
 * what can differ is the short last statement and the number of statements.
 */
const UPLOAD_SIZES = [
  ...Array.from({ length: 101 }, (_, i) => i + 1),
  250,
  499,
  500,
  501,
  ...Array.from({ length: 11 }, (_, i) => MAX_PASS_EVENT_BATCH - 10 + i),
]

/** `count` new pass events of this gate. */
function passEvents(count: number) {
  const prefix = randomId(6)
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${count}-${i}`,
    lane: i % 8,
    at: Date.now() - i,
    decision: 'pass',
    reason: 'OK',
    subject: randomId(11),
    jti: randomId(8),
  }))
}

async function storedPassEvents(): Promise<number> {
  const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM pass_events').first<{ n: number }>()
  return count?.n ?? 0
}

let admin: TestStaff
let reviewer: TestStaff
let gate: Gate

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
  gate = await checkpointWithGate(admin, 'Batch size station')
})

describe('multi-row writes', () => {
  it('store pass-event batches of 1 to the maximum in statements D1 accepts', async () => {
    let stored = 0
    for (const size of UPLOAD_SIZES) {
      const res = await recorded('/device/pass-events', {
        token: gate.credential,
        json: { events: passEvents(size) },
      })
      expect(res.status, `batch of ${size}`).toBe(200)
      expect(res.body, `batch of ${size}`).toEqual({ accepted: size, duplicates: 0 })
      expectWithinD1Limits(res.calls.filter(isWrite), `batch of ${size}`)
      expect(res.calls.length, `batch of ${size}`).toBeLessThanOrEqual(MAX_QUERIES_PER_INVOCATION)
      // All chunks of one upload go in one atomic batch.
      expect(
        res.calls.filter((c) => isWrite(c) && c.via !== 'batch'),
        `batch of ${size}`,
      ).toEqual([])
      stored += size
    }
    expect(await storedPassEvents()).toBe(stored)
  }, 120_000)

  it('refuse one event over the maximum whole, before writing anything', async () => {
    const before = await storedPassEvents()

    const res = await recorded('/device/pass-events', {
      token: gate.credential,
      json: { events: passEvents(MAX_PASS_EVENT_BATCH + 1) },
    })

    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    expect(res.calls.filter(isWrite)).toEqual([])
    expect(await storedPassEvents()).toBe(before)
  })

  it('change the colour of a thousand people in statements D1 accepts', async () => {
    const place = await checkpointWithGate(admin, 'Crowded interchange')
    const people = await insertGreenPeople(1000)
    const at = Date.now() - 3_600_000
    await uploadPasses(
      place,
      people.map((person, i) => ({ subject: person.subject, at: at + i })),
    )
    const from = Math.floor(at / 1000)
    const res = await recorded('/admin/colour-changes', {
      token: admin.token,
      json: {
        checkpointId: place.checkpointId,
        from,
        to: from + 10,
        colour: 'red',
        confirm: true,
        reason: 'Cluster traced to the interchange',
      },
    })
    expect(res.body).toEqual({ people: 1000, changed: 1000, codesRevoked: 1000 })
    expectWithinD1Limits(res.calls, 'bulk colour change')
  }, 120_000)
})

describe('a whole day of the API', () => {
  it('never sends BEGIN or a statement over 100 parameters', async () => {
    const all: D1Call[] = []
    const step = async (
      path: string,
      init: Parameters<typeof recorded>[1] = {},
      expected?: number,
    ) => {
      const res = await recorded(path, init)
      all.push(...res.calls)
      if (expected !== undefined) expect(res.status, path).toBe(expected)
      return res.body as Record<string, unknown>
    }
    const phone = randomPhone()
    const address = { 'cf-connecting-ip': randomClientAddress() }
    await step('/auth/otp', { json: { phone }, headers: address }, 202)
    const inbox = (await step(`/dev/sms-inbox?phone=${phone}`)) as {
      messages: { message: string }[]
    }
    const otp = /\b(\d{6})\b/.exec(inbox.messages[0]?.message ?? '')?.[1]
    await step('/auth/login', { json: { phone, code: otp === '000000' ? '111111' : '000000' } })
    const session = await step('/auth/login', { json: { phone, code: otp } }, 200)
    const token = String(session.token)
    const person = await step('/people', { token, json: personDetails() }, 201)
    const personId = String(person.id)
    await step(`/people/${personId}`, { method: 'PATCH', token, json: { address: '新地址' } }, 200)
    const application = await step(
      `/people/${personId}/applications`,
      { token, json: { declaration: declaration() } },
      201,
    )
    await step('/review/queue', { token: reviewer.token }, 200)
    await step(
      `/review/applications/${String(application.id)}/approve`,
      { token: reviewer.token, json: { colour: 'green', validDays: 7 } },
      200,
    )
    const codeCalls = all.length
    const issued = await step(`/people/${personId}/code`, { token }, 200)
    // The code-fetch path: one read, no write.
    expect(all.slice(codeCalls)).toHaveLength(1)
    expect(all.slice(codeCalls).filter(isWrite)).toEqual([])
    await step(`/people/${personId}/printed-pass`, { method: 'POST', token }, 201)
    await step('/verify', { token: gate.credential, json: { code: issued.code } }, 200)
    await step(
      '/device/heartbeat',
      {
        token: gate.credential,
        json: {
          version: '1.0.0',
          clock: Date.now(),
          feedSeq: 0,
          cacheAgeSeconds: 0,
          outboxDepth: 0,
          relays: [],
          fireAlarm: false,
          alarms: [],
        },
      },
      200,
    )
    const t = Math.floor(Date.now() / 1000)
    await step(
      '/admin/codes/abcdefgh/revoke',
      { token: admin.token, json: { expiresAt: t + 300, reason: 'lost' } },
      200,
    )
    const revoke = { token: admin.token, json: { reason: 'Document reported stolen' } }
    await step(`/admin/people/${personId}/revoke`, revoke, 200)
    await step('/device/feed', { token: gate.credential }, 200)
    await step('/device/feed/snapshot', { token: gate.credential }, 200)
    await step('/.well-known/jwks.json', {}, 200)
    await step('/admin/keys', { token: admin.token }, 200)
    await step('/admin/stats', { token: admin.token }, 200)
    await step('/admin/audit', { token: admin.token }, 200)
    await step('/admin/people/search', { token: admin.token, json: { phone } }, 200)
    await step('/auth/logout', { method: 'POST', token }, 200)

    expectWithinD1Limits(all, 'the whole day')
    expect(all.some(isWrite)).toBe(true)
  })
})
