import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'

interface Checkpoint {
  id: string
  name: string
  address: string
  policy: {
    allowedColours: string[]
    acceptsPrinted: boolean
    staffed: boolean
    antiPassbackSeconds: number
  }
}
interface Device {
  id: string
  checkpointId: string
  name: string
  revokedAt: number | null
  lastHeartbeatAt: number | null
  heartbeatAgeSeconds: number | null
  health: {
    cacheAgeSeconds: number | null
    outboxDepth: number
    alarms: string[]
    fireAlarm: boolean
  } | null
}

let admin: TestStaff

beforeAll(async () => {
  admin = await createStaff('admin')
})

async function newCheckpoint(
  body: unknown = { name: 'Yuhang Metro Line 5, Exit A' },
): Promise<Checkpoint> {
  const res = await api<{ checkpoint: Checkpoint }>('/admin/checkpoints', {
    token: admin.token,
    body,
  })
  expect(res.status).toBe(201)
  return res.body.checkpoint
}

async function enrol(checkpointId: string, name = 'Lane 1') {
  return api<{ device: Device; credential: string }>(`/admin/checkpoints/${checkpointId}/devices`, {
    token: admin.token,
    body: { name },
  })
}

describe('checkpoints', () => {
  it('creates a checkpoint with the default policy and lists it', async () => {
    const checkpoint = await newCheckpoint()
    expect(checkpoint).toMatchObject({
      name: 'Yuhang Metro Line 5, Exit A',
      address: '',
      policy: {
        allowedColours: ['green'],
        acceptsPrinted: true,
        staffed: false,
        antiPassbackSeconds: 30,
      },
    })
    const list = await api<{ checkpoints: Checkpoint[] }>('/admin/checkpoints', {
      token: admin.token,
    })
    expect(list.body.checkpoints.map((c) => c.id)).toContain(checkpoint.id)
    const audit = await env.DB.prepare(
      "SELECT staff_id FROM audit_log WHERE action = 'checkpoint.create' AND target_id = ?",
    )
      .bind(checkpoint.id)
      .first()
    expect(audit).toEqual({ staff_id: admin.id })
  })

  it("changes name, address and policy; the gate's config follows", async () => {
    const checkpoint = await newCheckpoint()
    const { credential } = (await enrol(checkpoint.id)).body
    const res = await api<{ checkpoint: Checkpoint }>(`/admin/checkpoints/${checkpoint.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: {
        name: "First People's Hospital",
        address: '文一西路 2 号',
        policy: {
          allowedColours: ['green'],
          acceptsPrinted: false,
          staffed: true,
          antiPassbackSeconds: 0,
        },
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.checkpoint).toMatchObject({
      name: "First People's Hospital",
      policy: { acceptsPrinted: false, staffed: true },
    })
    const config = await api<{ checkpoint: { name: string; policy: { acceptsPrinted: boolean } } }>(
      '/device/config',
      {
        token: credential,
      },
    )
    expect(config.body.checkpoint).toMatchObject({
      name: "First People's Hospital",
      policy: { acceptsPrinted: false },
    })
  })

  it('refuses bad checkpoints and bad policies, storing nothing', async () => {
    const checkpoint = await newCheckpoint()
    const before = await snapshotTables()
    const creates = [
      {},
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'ok', address: 'x'.repeat(201) },
      { name: 'ok', policy: { allowedColours: [] } },
      { name: 'ok', policy: { allowedColours: ['blue'] } },
      { name: 'ok', policy: { antiPassbackSeconds: -1 } },
      { name: 'ok', policy: { antiPassbackSeconds: 86_401 } },
      { name: 'ok', policy: { openAll: true } },
      { name: 'ok', colour: 'green' },
    ]
    for (const body of creates) {
      const res = await api('/admin/checkpoints', { token: admin.token, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    for (const body of [{}, { policy: { staffed: 'yes' } }, { name: 7 }]) {
      const res = await api(`/admin/checkpoints/${checkpoint.id}`, {
        method: 'PATCH',
        token: admin.token,
        body,
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    const unknown = await api('/admin/checkpoints/nope', {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'x' },
    })
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown).code).toBe('NOT_FOUND')
    expect(await snapshotTables()).toEqual(before)
  })
})

describe('gate devices', () => {
  it('enrols a device whose credential works once shown and is stored only as a hash', async () => {
    const checkpoint = await newCheckpoint()
    const res = await enrol(checkpoint.id)
    expect(res.status).toBe(201)
    expect(res.body.credential).toMatch(/^gd_[A-Za-z0-9_-]{43}$/)
    expect(res.body.device).toMatchObject({
      checkpointId: checkpoint.id,
      name: 'Lane 1',
      revokedAt: null,
      health: null,
    })

    const stored = await env.DB.prepare('SELECT * FROM devices WHERE id = ?')
      .bind(res.body.device.id)
      .first()
    expect(JSON.stringify(stored)).not.toContain(res.body.credential.slice(3))
    const config = await api<{ deviceId: string }>('/device/config', { token: res.body.credential })
    expect(config.status).toBe(200)
    expect(config.body.deviceId).toBe(res.body.device.id)

    const list = await api<{ devices: Device[] }>('/admin/devices', { token: admin.token })
    expect(JSON.stringify(list.body)).not.toContain(res.body.credential)
  })

  it("shows each device's last heartbeat: cache age, outbox depth and alarms", async () => {
    const checkpoint = await newCheckpoint()
    const { device, credential } = (await enrol(checkpoint.id)).body
    const quiet = (await enrol(checkpoint.id, 'Lane 2')).body.device
    const beat = await api('/device/heartbeat', {
      token: credential,
      body: {
        version: '1.0.0',
        clock: Date.now(),
        feedSeq: 3,
        cacheAgeSeconds: 42,
        outboxDepth: 7,
        relays: [{ lane: 0, state: 'released' }],
        fireAlarm: false,
        alarms: ['CAMERA_LOST'],
      },
    })
    expect(beat.status).toBe(200)

    const list = await api<{ devices: Device[] }>(`/admin/devices?checkpointId=${checkpoint.id}`, {
      token: admin.token,
    })
    expect(list.body.devices).toHaveLength(2)
    const seen = list.body.devices.find((d) => d.id === device.id)
    expect(seen?.health).toMatchObject({
      cacheAgeSeconds: 42,
      outboxDepth: 7,
      alarms: ['CAMERA_LOST'],
      fireAlarm: false,
    })
    expect(seen?.heartbeatAgeSeconds).toBeLessThanOrEqual(5)
    expect(list.body.devices.find((d) => d.id === quiet.id)).toMatchObject({
      health: null,
      lastHeartbeatAt: null,
    })
  })

  it('revokes a device: its credential stops working at once', async () => {
    const checkpoint = await newCheckpoint()
    const { device, credential } = (await enrol(checkpoint.id)).body
    const res = await api<{ device: Device }>(`/admin/devices/${device.id}/revoke`, {
      method: 'POST',
      token: admin.token,
    })
    expect(res.status).toBe(200)
    expect(res.body.device.revokedAt).toEqual(expect.any(Number))
    const config = await api('/device/config', { token: credential })
    expect(config.status).toBe(401)
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'device.revoke' AND target_id = ?",
    )
      .bind(device.id)
      .first()
    expect(audit).toEqual({ n: 1 })

    const again = await api(`/admin/devices/${device.id}/revoke`, {
      method: 'POST',
      token: admin.token,
    })
    expect(again.status).toBe(409)
    expect(errorOf(again).code).toBe('CONFLICT')
  })

  it("closes a revoked device's live feed channel", async () => {
    const checkpoint = await newCheckpoint()
    const { device, credential } = (await enrol(checkpoint.id)).body
    const res = await exports.default.fetch('http://gg.test/device/feed/live', {
      headers: { upgrade: 'websocket', authorization: `Bearer ${credential}` },
    })
    const ws = res.webSocket
    if (ws === null) throw new Error('no live channel')
    const closed = new Promise<number>((resolve) => {
      ws.addEventListener('close', (event) => resolve(event.code))
    })
    ws.accept()

    await api(`/admin/devices/${device.id}/revoke`, { method: 'POST', token: admin.token })
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 2000))
    expect(await Promise.race([closed, timeout])).toBe(4001)
  })

  it('refuses unknown checkpoints and devices and bad names, storing nothing', async () => {
    const checkpoint = await newCheckpoint()
    const before = await snapshotTables()
    const unknown = await enrol('no-such-checkpoint')
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown).code).toBe('NOT_FOUND')
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(65) },
      { name: 'Lane', checkpointId: checkpoint.id },
    ]) {
      const res = await api(`/admin/checkpoints/${checkpoint.id}/devices`, {
        token: admin.token,
        body,
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    const revokeUnknown = await api('/admin/devices/no-such-device/revoke', {
      method: 'POST',
      token: admin.token,
    })
    expect(revokeUnknown.status).toBe(404)
    const badFilter = await api('/admin/devices?checkpointId=$$', { token: admin.token })
    expect(badFilter.status).toBe(400)
    expect(await snapshotTables()).toEqual(before)
  })
})
