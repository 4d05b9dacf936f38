// The same thing asked twice at once: a double-clicked decision, two sign-ins racing with
// one code, a burst of guesses, a gate retrying an upload still in flight.
import { randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { configOf } from '../../src/config.ts'
import { phoneLookup } from '../../src/services/resident-auth.ts'
import {
  addPerson,
  api,
  errorOf,
  latestOtp,
  randomClientAddress,
  randomPhone,
  signInResident,
  submitApplication,
} from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { checkpointWithGate, type Gate } from '../staff/fixtures.ts'

let admin: TestStaff
let reviewer: TestStaff
let gate: Gate

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
  gate = await checkpointWithGate(admin, 'Race track')
})

async function count(query: string, ...bind: unknown[]): Promise<number> {
  const row = await env.DB.prepare(query)
    .bind(...bind)
    .first<{ n: number }>()
  return row?.n ?? 0
}

async function requestOtp(phone: string) {
  const res = await api('/auth/otp', {
    body: { phone },
    headers: { 'cf-connecting-ip': randomClientAddress() },
  })
  expect(res.status).toBe(202)
}

describe('at the same time', () => {
  it('decides an application once when approvals and a rejection race', async () => {
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    const application = await submitApplication(resident.token, person.id)
    const path = `/review/applications/${application.id}`

    const answers = await Promise.all([
      api(`${path}/approve`, { token: reviewer.token, body: { colour: 'green', validDays: 7 } }),
      api(`${path}/reject`, { token: reviewer.token, body: { reason: '请补充材料' } }),
      api(`${path}/approve`, { token: admin.token, body: { colour: 'red', validDays: 7 } }),
    ])
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409])
    for (const lost of answers.filter((res) => res.status === 409)) {
      expect(errorOf(lost).code).toBe('APPLICATION_NOT_PENDING')
    }
    const decided = `SELECT COUNT(*) AS n FROM status_events
      WHERE person_id = ? AND actor LIKE 'staff:%'`
    expect(await count(decided, person.id)).toBe(1)
    const audited = `SELECT COUNT(*) AS n FROM audit_log
      WHERE target_id = ? AND action LIKE 'application.%'`
    expect(await count(audited, application.id)).toBe(1)
  })

  it('two sign-ins with one code: one session, the other told the code is used', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)

    const answers = await Promise.all([
      api('/auth/login', { body: { phone, code } }),
      api('/auth/login', { body: { phone, code } }),
    ])
    expect(answers.map((res) => res.status).sort()).toEqual([200, 400])
    const refused = answers.find((res) => res.status === 400)
    expect(refused === undefined ? undefined : errorOf(refused).code).toBe('OTP_EXPIRED')
    const phoneHash = await phoneLookup(configOf(env), phone)
    const accounts = 'SELECT COUNT(*) AS n FROM accounts WHERE phone_hash = ?'
    expect(await count(accounts, phoneHash)).toBe(1)
    const sessions = `SELECT COUNT(*) AS n FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE a.phone_hash = ?`
    expect(await count(sessions, phoneHash)).toBe(1)
  })

  it('counts every guess of a burst: after five, even the right code is refused', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')

    const guesses = await Promise.all(
      Array.from({ length: 12 }, () => api('/auth/login', { body: { phone, code: wrong } })),
    )
    const codes = guesses.map((res) => errorOf(res).code)
    expect(codes.filter((c) => c === 'OTP_INVALID').length).toBeLessThanOrEqual(4)
    expect(codes.every((c) => c === 'OTP_INVALID' || c === 'OTP_EXHAUSTED')).toBe(true)
    const right = await api('/auth/login', { body: { phone, code } })
    expect(errorOf(right).code).toBe('OTP_EXHAUSTED')
  })

  it('a gate retrying an upload still in flight stores each event once', async () => {
    const events = Array.from({ length: 120 }, (_, i) => ({
      id: `retry-${randomId(6)}-${i}`,
      lane: 1,
      at: Date.now() - i,
      decision: 'pass',
      reason: 'OK',
      subject: randomId(11),
    }))
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        api<{ accepted: number; duplicates: number }>('/device/pass-events', {
          token: gate.credential,
          body: { events },
        }),
      ),
    )
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200])
    const accepted = answers.reduce((sum, res) => sum + res.body.accepted, 0)
    const duplicates = answers.reduce((sum, res) => sum + res.body.duplicates, 0)
    expect(accepted).toBe(120)
    expect(duplicates).toBe(240)
    const stored = await count(
      "SELECT COUNT(*) AS n FROM pass_events WHERE event_id LIKE 'retry-%'",
    )
    expect(stored).toBe(120)
  })
})
