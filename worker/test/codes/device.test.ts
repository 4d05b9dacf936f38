// The gate device API: settings, pass-event uploads and heartbeats, each scoped to the
// calling device.
import { randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { now, seedDevice, seedGate, seedResident, type SeededDevice } from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate({ staffed: true, acceptsPrinted: false })
})

function events(count: number, prefix = randomId(6)) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(4, '0')}`,
    lane: i % 4,
    at: Date.now() - i,
    decision: i % 3 === 0 ? ('refuse' as const) : ('pass' as const),
    reason: i % 3 === 0 ? ('CODE_EXPIRED' as const) : ('OK' as const),
    subject: randomId(11),
    jti: randomId(8),
  }))
}

async function upload(device: SeededDevice, batch: unknown[]) {
  return api<{ accepted: number; duplicates: number }>('/device/pass-events', {
    token: device.credential,
    body: { events: batch },
  })
}

async function storedEvents(deviceId: string) {
  const { results } = await env.DB.prepare(
    'SELECT event_id, checkpoint_id, lane, decision, reason FROM pass_events WHERE device_id = ? ORDER BY event_id',
  )
    .bind(deviceId)
    .all()
  return results
}

describe('GET /device/config', () => {
  it("answers the device's checkpoint, policy, issuer and clock hints", async () => {
    const before = Date.now()
    const res = await api<Record<string, unknown>>('/device/config', { token: gate.credential })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      deviceId: gate.deviceId,
      checkpoint: {
        id: gate.checkpointId,
        policy: {
          allowedColours: ['green'],
          acceptsPrinted: false,
          staffed: true,
          antiPassbackSeconds: 30,
        },
      },
      issuer: '330110',
      jwksPath: '/.well-known/jwks.json',
      skewSeconds: expect.any(Number),
      feed: { livePath: '/device/feed/live', liveProtocol: 'greengate-feed' },
    })
    expect(res.body.serverTime).toBeGreaterThanOrEqual(before)
    expect(res.body.serverTime).toBeLessThanOrEqual(Date.now())
  })

  it('refuses anything but a live device credential', async () => {
    const resident = await seedResident()
    const revoked = await seedDevice(gate.checkpointId)
    await env.DB.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?')
      .bind(now(), revoked.deviceId)
      .run()
    for (const token of [resident.token, revoked.credential, 'gd_neverenrolledneverenrolled']) {
      const res = await api('/device/config', { token })
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('UNAUTHENTICATED')
    }
  })
})

describe('POST /device/pass-events', () => {
  it('stores a batch once: a retry reports duplicates and stores nothing new', async () => {
    const device = await seedDevice(gate.checkpointId)
    const batch = events(25)
    expect((await upload(device, batch)).body).toEqual({ accepted: 25, duplicates: 0 })
    expect((await upload(device, batch)).body).toEqual({ accepted: 0, duplicates: 25 })
    // A retry that carries the old batch plus new events stores only the new ones.
    expect((await upload(device, [...batch, ...events(5)])).body).toEqual({
      accepted: 5,
      duplicates: 25,
    })
    expect(await storedEvents(device.deviceId)).toHaveLength(30)
  })

  it('attributes events to the calling device and its checkpoint only', async () => {
    const a = await seedDevice(gate.checkpointId)
    const otherGate = await seedGate()
    const batch = events(3, 'shared-ids')

    expect((await upload(a, batch)).body.accepted).toBe(3)
    // Another device reusing the same ids neither overwrites nor is blocked by a's rows.
    expect((await upload(otherGate, batch)).body.accepted).toBe(3)

    const aRows = await storedEvents(a.deviceId)
    expect(aRows.map((r) => r.checkpoint_id)).toEqual([
      gate.checkpointId,
      gate.checkpointId,
      gate.checkpointId,
    ])
    const bRows = await storedEvents(otherGate.deviceId)
    expect(bRows.map((r) => r.checkpoint_id)).toEqual([
      otherGate.checkpointId,
      otherGate.checkpointId,
      otherGate.checkpointId,
    ])
  })

  it('refuses a body that names a device or checkpoint, and stores nothing', async () => {
    const device = await seedDevice(gate.checkpointId)
    const [event] = events(1)
    for (const body of [
      { events: [{ ...event, deviceId: gate.deviceId }] },
      { events: [{ ...event, checkpointId: 'elsewhere' }] },
      { events: [event], deviceId: gate.deviceId },
    ]) {
      const res = await api('/device/pass-events', { token: device.credential, body })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect(await storedEvents(device.deviceId)).toEqual([])
  })

  it('takes batches of 1 to 1,000 events without hitting the SQL variable limit', async () => {
    const device = await seedDevice(gate.checkpointId)
    let total = 0
    for (const size of [1, 2, 9, 10, 11, 99, 100, 101, 255, 499, 500, 501, 999, 1000]) {
      const res = await upload(device, events(size))
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ accepted: size, duplicates: 0 })
      total += size
    }
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM pass_events WHERE device_id = ?')
      .bind(device.deviceId)
      .first<{ n: number }>()
    expect(count?.n).toBe(total)
  })

  it('refuses an empty batch, one over 1,000, and malformed events', async () => {
    const device = await seedDevice(gate.checkpointId)
    const [event] = events(1)
    for (const body of [
      { events: [] },
      { events: events(1001) },
      { events: [{ ...event, decision: 'maybe' }] },
      { events: [{ ...event, reason: 'NOT_A_REASON' }] },
      { events: [{ ...event, id: 'short' }] },
      { events: [{ ...event, lane: -1 }] },
    ]) {
      const res = await api('/device/pass-events', { token: device.credential, body })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect(await storedEvents(device.deviceId)).toEqual([])
  })
})

describe('POST /device/heartbeat', () => {
  const heartbeat = (clock: number) => ({
    version: '1.0.0',
    clock,
    feedSeq: 12,
    cacheAgeSeconds: 4.5,
    outboxDepth: 0,
    relays: [{ lane: 0, state: 'released' }],
    fireAlarm: false,
    alarms: [],
  })

  it('records the heartbeat on the calling device only and tells it its clock offset', async () => {
    const a = await seedDevice(gate.checkpointId)
    const b = await seedDevice(gate.checkpointId)
    const gateClock = Date.now() - 7_000

    const res = await api<{ serverTime: number; clockOffsetMs: number }>('/device/heartbeat', {
      token: a.credential,
      body: heartbeat(gateClock),
    })
    expect(res.status).toBe(200)
    expect(res.body.clockOffsetMs).toBe(res.body.serverTime - gateClock)
    expect(res.body.clockOffsetMs).toBeGreaterThanOrEqual(7_000)

    const rows = await env.DB.prepare(
      'SELECT id, last_heartbeat_at, heartbeat FROM devices WHERE id IN (?, ?)',
    )
      .bind(a.deviceId, b.deviceId)
      .all<{ id: string; last_heartbeat_at: number | null; heartbeat: string | null }>()
    const byId = new Map(rows.results.map((r) => [r.id, r]))
    expect(byId.get(a.deviceId)?.last_heartbeat_at).toBeGreaterThanOrEqual(now() - 2)
    expect(JSON.parse(byId.get(a.deviceId)?.heartbeat ?? 'null')).toEqual(heartbeat(gateClock))
    expect(byId.get(b.deviceId)).toMatchObject({ last_heartbeat_at: null, heartbeat: null })
  })

  it('refuses a malformed heartbeat', async () => {
    const res = await api('/device/heartbeat', {
      token: gate.credential,
      body: { ...heartbeat(1), extra: 1 },
    })
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('VALIDATION_FAILED')
  })
})
