// The scheduled purge: old pass events, dead sessions and challenges, old declarations.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { purgeExpiredData } from '../../src/jobs/purge.ts'
import worker from '../../src/worker.ts'
import { now, seedGate, seedPerson, seedResident } from '../helpers/codes.ts'

const DAY = 86_400
const RETENTION = 28 * DAY

async function insertEvents(
  deviceId: string,
  checkpointId: string,
  prefix: string,
  count: number,
  atMs: number,
) {
  const statements = Array.from({ length: count }, (_, i) =>
    env.DB.prepare(
      `INSERT INTO pass_events (device_id, event_id, checkpoint_id, lane, at, decision, reason, received_at)
       VALUES (?, ?, ?, 0, ?, 'pass', 'OK', ?)`,
    ).bind(deviceId, `${prefix}-${String(i).padStart(5, '0')}`, checkpointId, atMs, now()),
  )
  await env.DB.batch(statements)
}

async function count(sql: string, ...values: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...values)
    .first<{ n: number }>()
  return row?.n ?? -1
}

describe('the scheduled purge', () => {
  it('runs from the cron trigger and forgets what the retention no longer allows', async () => {
    const gate = await seedGate()
    const t = now()
    await insertEvents(gate.deviceId, gate.checkpointId, 'old', 30, (t - RETENTION - DAY) * 1000)
    await insertEvents(gate.deviceId, gate.checkpointId, 'new', 5, (t - RETENTION + DAY) * 1000)
    // A gate whose clock ran a year ahead: judged by when the records arrived.
    await insertEvents(gate.deviceId, gate.checkpointId, 'ahead', 3, (t + 365 * DAY) * 1000)
    await env.DB.prepare("UPDATE pass_events SET received_at = ? WHERE event_id LIKE 'ahead-%'")
      .bind(t - RETENTION - DAY)
      .run()
    await insertEvents(gate.deviceId, gate.checkpointId, 'recent-ahead', 2, (t + 365 * DAY) * 1000)

    const live = await seedResident()
    await env.DB.prepare(
      "INSERT INTO sessions (token_hash, kind, account_id, expires_at, created_at) VALUES ('dead-session', 'resident', ?, ?, ?)",
    )
      .bind(live.accountId, t - 10, t - 1000)
      .run()
    await env.DB.prepare(
      `INSERT INTO otp_challenges (id, purpose, phone_hash, code_hash, expires_at, created_at)
       VALUES ('dead-otp', 'login', 'h', 'c', ?, ?), ('live-otp', 'login', 'h', 'c', ?, ?)`,
    )
      .bind(t - 10, t - 400, t + 200, t)
      .run()
    await env.DB.prepare(
      "INSERT INTO rate_limits (key, count, expires_at) VALUES ('dead', 1, ?), ('live', 1, ?)",
    )
      .bind(t - 10, t + 100)
      .run()
    const person = await seedPerson(live.accountId)
    await env.DB.prepare(
      `INSERT INTO applications (id, person_id, version, status, details, declaration, suggested_colour,
         suggestion_reasons, submitted_at, decided_at)
       VALUES ('old-app', ?, 1, 'approved', '{"name":"x"}', '{"temperatureCelsius":36.5}', 'green', '[]', ?, ?),
              ('new-app', ?, 2, 'approved', '{"name":"x"}', '{"temperatureCelsius":36.5}', 'green', '[]', ?, ?)`,
    )
      .bind(
        person.personId,
        t - RETENTION - 2 * DAY,
        t - RETENTION - DAY,
        person.personId,
        t - DAY,
        t - DAY,
      )
      .run()

    const ctx = createExecutionContext()
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '17 19 * * *' }),
      env,
      ctx,
    )
    await waitOnExecutionContext(ctx)

    const left = await env.DB.prepare('SELECT event_id FROM pass_events ORDER BY event_id').all<{
      event_id: string
    }>()
    expect(left.results.map((r) => r.event_id)).toEqual([
      'new-00000',
      'new-00001',
      'new-00002',
      'new-00003',
      'new-00004',
      'recent-ahead-00000',
      'recent-ahead-00001',
    ])
    expect(
      await count("SELECT COUNT(*) AS n FROM sessions WHERE token_hash = 'dead-session'"),
    ).toBe(0)
    expect(
      await count('SELECT COUNT(*) AS n FROM sessions WHERE account_id = ?', live.accountId),
    ).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM otp_challenges WHERE id = 'live-otp'")).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM otp_challenges WHERE id = 'dead-otp'")).toBe(0)
    expect(await count("SELECT COUNT(*) AS n FROM rate_limits WHERE key = 'live'")).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM rate_limits WHERE key = 'dead'")).toBe(0)
    const apps = await env.DB.prepare(
      "SELECT id, declaration FROM applications WHERE id IN ('old-app', 'new-app') ORDER BY id",
    ).all()
    expect(apps.results).toEqual([
      { id: 'new-app', declaration: '{"temperatureCelsius":36.5}' },
      { id: 'old-app', declaration: '{}' },
    ])
  })

  it('deletes in bounded chunks and stops at its budget, leaving the rest for the next run', async () => {
    const gate = await seedGate()
    const old = (now() - RETENTION - DAY) * 1000
    await insertEvents(gate.deviceId, gate.checkpointId, 'bulk', 45, old)

    const first = await purgeExpiredData(env, { chunkRows: 10, budgetMs: 0 })
    expect(first).toMatchObject({ passEvents: 10, unfinished: true })
    const rest = await purgeExpiredData(env, { chunkRows: 10 })
    expect(rest).toMatchObject({ passEvents: 35, unfinished: false })
    expect(
      await count('SELECT COUNT(*) AS n FROM pass_events WHERE device_id = ?', gate.deviceId),
    ).toBe(0)
  })
})
