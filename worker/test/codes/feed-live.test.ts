// GET /device/feed/live: online gates hear of every feed change within a second.
import { FEED_LIVE_PROTOCOL } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { notifyGates } from '../../src/services/feed-writer.ts'
import { now, seedGate, seedPerson, seedResident, type SeededDevice } from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff } from '../helpers/staff.ts'

interface Notice {
  type: string
  latestSeq: number
}

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate()
})

/** Opens the live channel; messages are queued from the first one on. */
async function connect(headers: Record<string, string>) {
  const res = await exports.default.fetch('http://gg.test/device/feed/live', {
    headers: { upgrade: 'websocket', ...headers },
  })
  const ws = res.webSocket
  if (ws === null) return { res, ws: null, next: () => Promise.reject(new Error('no socket')) }
  const queue: Notice[] = []
  const waiters: ((notice: Notice) => void)[] = []
  const closed = new Promise<number>((resolve) =>
    ws.addEventListener('close', (event) => resolve(event.code)),
  )
  ws.addEventListener('message', (event) => {
    const notice = JSON.parse(String(event.data)) as Notice
    const waiter = waiters.shift()
    if (waiter === undefined) queue.push(notice)
    else waiter(notice)
  })
  ws.accept()
  const next = (timeoutMs = 2000) =>
    new Promise<Notice>((resolve, reject) => {
      const queued = queue.shift()
      if (queued !== undefined) return resolve(queued)
      const timer = setTimeout(() => reject(new Error('no notice within the timeout')), timeoutMs)
      waiters.push((notice) => {
        clearTimeout(timer)
        resolve(notice)
      })
    })
  return { res, ws, next, closed }
}

async function latestSeq(): Promise<number> {
  const row = await env.DB.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM feed_entries').first<{
    seq: number
  }>()
  return row?.seq ?? 0
}

async function appendEntry(): Promise<number> {
  await env.DB.prepare(
    "INSERT INTO feed_entries (at, kind, jti, expires_at) VALUES (?, 'code_revoked', 'abcdefgh', ?)",
  )
    .bind(now(), now() + 60)
    .run()
  return latestSeq()
}

describe('the live feed channel', () => {
  it('greets a gate with the latest seq, then pushes each notification', async () => {
    const before = await appendEntry()
    const live = await connect({ authorization: `Bearer ${gate.credential}` })
    expect(live.res.status).toBe(101)
    expect(await live.next()).toEqual({ type: 'feed', latestSeq: before })

    const after = await appendEntry()
    await notifyGates(env)
    expect(await live.next()).toEqual({ type: 'feed', latestSeq: after })
    live.ws?.close(1000, 'done')
  })

  it('pushes a notice after an admin revokes a person', async () => {
    const admin = await createStaff('admin')
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const live = await connect({ authorization: `Bearer ${gate.credential}` })
    await live.next()

    const res = await api(`/admin/people/${person.personId}/revoke`, {
      token: admin.token,
      body: { reason: 'contact tracing' },
    })
    expect(res.status).toBe(200)
    const notice = await live.next()
    expect(notice.latestSeq).toBe(await latestSeq())
    const entry = await env.DB.prepare('SELECT kind, subject FROM feed_entries WHERE seq = ?')
      .bind(notice.latestSeq)
      .first()
    expect(entry).toEqual({ kind: 'subject_revoked', subject: person.subject })
    live.ws?.close(1000, 'done')
  })

  it('accepts the credential as a subprotocol for clients that cannot set headers', async () => {
    const live = await connect({
      'sec-websocket-protocol': `${FEED_LIVE_PROTOCOL}, bearer.${gate.credential}`,
    })
    expect(live.res.status).toBe(101)
    // The server selects the feed protocol, never echoes the credential.
    expect(live.res.headers.get('sec-websocket-protocol')).toBe(FEED_LIVE_PROTOCOL)
    expect((await live.next()).type).toBe('feed')
    live.ws?.close(1000, 'done')
  })

  it('closes the older socket when the same gate connects again', async () => {
    const first = await connect({ authorization: `Bearer ${gate.credential}` })
    await first.next()
    const second = await connect({ authorization: `Bearer ${gate.credential}` })
    await second.next()
    expect(await first.closed).toBe(4000)
    second.ws?.close(1000, 'done')
  })

  it('refuses callers without a device credential, and plain requests', async () => {
    const resident = await seedResident()
    for (const headers of [
      {},
      { authorization: `Bearer ${resident.token}` },
      { 'sec-websocket-protocol': 'bearer.gd_notenrolledatall' },
    ]) {
      const live = await connect(headers)
      expect(live.res.status).toBe(401)
      expect(live.ws).toBeNull()
    }
    const plain = await api('/device/feed/live', { token: gate.credential })
    expect(plain.status).toBe(400)
    expect(errorOf(plain).code).toBe('VALIDATION_FAILED')
  })
})
