// What a gate's pass-event upload stores, row by row: every field of every chunk (the short
// last one too), and the receipt's counts when some events were stored before.
import {
  MAX_PASS_EVENT_BATCH,
  PASS_EVENT_REASONS,
  randomId,
  type PassEvent,
} from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/app.ts'
import { now, seedDevice, seedGate, type SeededDevice } from '../helpers/codes.ts'
import { api } from '../helpers/resident.ts'

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate()
})

/** Events with every field varied; every seventh has no subject and no jti. */
function events(count: number): PassEvent[] {
  const prefix = randomId(6)
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(4, '0')}`,
    lane: i % 64,
    at: 1_700_000_000_000 + i * 1_337,
    decision: i % 3 === 0 ? 'refuse' : 'pass',
    reason: i % 3 === 0 ? 'CODE_REVOKED' : 'OK',
    ...(i % 7 === 0 ? {} : { subject: randomId(11), jti: randomId(8) }),
  }))
}

async function upload(device: SeededDevice, batch: PassEvent[]) {
  return api<{ accepted: number; duplicates: number }>('/device/pass-events', {
    token: device.credential,
    body: { events: batch },
  })
}

interface StoredRow {
  event_id: string
  checkpoint_id: string
  lane: number
  at: number
  decision: string
  reason: string
  subject: string | null
  jti: string | null
  received_at: number
}

async function storedRows(deviceId: string): Promise<StoredRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT event_id, checkpoint_id, lane, at, decision, reason, subject, jti, received_at
     FROM pass_events WHERE device_id = ? ORDER BY event_id`,
  )
    .bind(deviceId)
    .all<StoredRow>()
  return results
}

describe('POST /device/pass-events, row by row', () => {
  for (const size of [13, 999, 1000]) {
    it(`stores every field of a batch of ${size} as sent, the last statement's rows too`, async () => {
      const device = await seedDevice(gate.checkpointId)
      const batch = events(size)
      const before = now()

      const res = await upload(device, batch)

      expect(res.status).toBe(200)
      expect(res.body).toEqual({ accepted: size, duplicates: 0 })
      const rows = await storedRows(device.deviceId)
      expect(rows.map(({ received_at: _, ...row }) => row)).toEqual(
        batch.map((event) => ({
          event_id: event.id,
          checkpoint_id: gate.checkpointId,
          lane: event.lane,
          at: event.at,
          decision: event.decision,
          reason: event.reason,
          subject: event.subject ?? null,
          jti: event.jti ?? null,
        })),
      )
      const receivedAt = new Set(rows.map((row) => row.received_at))
      expect(receivedAt.size).toBe(1)
      expect([...receivedAt][0]).toBeGreaterThanOrEqual(before)
      expect([...receivedAt][0]).toBeLessThanOrEqual(now())
    })
  }

  it('counts 3 of 11 as duplicates when they were stored before, in any statement', async () => {
    const device = await seedDevice(gate.checkpointId)
    const batch = events(11)
    // Positions 0 and 9 fall in the first ten-row statement, 10 in the one-row last one.
    const earlier = [0, 9, 10].flatMap((i) => batch.slice(i, i + 1))
    expect((await upload(device, earlier)).body).toEqual({ accepted: 3, duplicates: 0 })

    const res = await upload(device, batch)

    expect(res.status).toBe(200)
    expect(res.body).toEqual({ accepted: 8, duplicates: 3 })
    expect((await storedRows(device.deviceId)).map((row) => row.event_id)).toEqual(
      batch.map((event) => event.id),
    )
  })

  it('stores an event repeated inside one upload once and counts the repeat', async () => {
    const device = await seedDevice(gate.checkpointId)
    const batch = events(12)
    const first = batch[0]
    const eleventh = batch[11]
    if (first === undefined || eleventh === undefined) throw new Error('short batch')
    // One repeat lands in another statement than its first copy, one in the same statement.
    const repeated = [...batch, { ...first, lane: 63 }, eleventh]

    const res = await upload(device, repeated)

    expect(res.body).toEqual({ accepted: 12, duplicates: 2 })
    const rows = await storedRows(device.deviceId)
    expect(rows).toHaveLength(12)
    expect(rows[0]?.lane).toBe(first.lane)
  })

  it('stores 1,000 events with every field at its longest: the largest upload fits', async () => {
    const device = await seedDevice(gate.checkpointId)
    const reason = [...PASS_EVENT_REASONS].sort((a, b) => b.length - a.length)[0] ?? 'OK'
    const prefix = randomId(60)
    const batch: PassEvent[] = Array.from({ length: MAX_PASS_EVENT_BATCH }, (_, i) => ({
      id: `${prefix}${String(i).padStart(4, '0')}`,
      lane: 63,
      at: Number.MAX_SAFE_INTEGER,
      decision: 'refuse',
      reason,
      subject: randomId(32),
      jti: randomId(32),
    }))
    // Within a tenth of the body limit: the upload that would break it first.
    expect(JSON.stringify({ events: batch }).length).toBeGreaterThan(MAX_BODY_BYTES * 0.9)

    const res = await upload(device, batch)

    expect(res.status).toBe(200)
    expect(res.body).toEqual({ accepted: MAX_PASS_EVENT_BATCH, duplicates: 0 })
    expect(await storedRows(device.deviceId)).toHaveLength(MAX_PASS_EVENT_BATCH)
  })

  it("leaves another device's rows with the same event ids alone", async () => {
    const a = await seedDevice(gate.checkpointId)
    const b = await seedDevice(gate.checkpointId)
    const batch = events(21)
    expect((await upload(a, batch)).body).toEqual({ accepted: 21, duplicates: 0 })
    expect((await upload(b, batch)).body).toEqual({ accepted: 21, duplicates: 0 })
    expect(await storedRows(b.deviceId)).toHaveLength(21)
  })
})
