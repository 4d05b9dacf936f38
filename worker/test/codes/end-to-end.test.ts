// The whole path through HTTP: a resident applies, a reviewer approves, the phone shows a
// code, a gate verifies it online, an admin revokes, the gate hears of it and refuses.
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { claimsOf, enrolDevice } from '../helpers/codes.ts'
import { addPerson, api, errorOf, signInResident, submitApplication } from '../helpers/resident.ts'
import { createStaff } from '../helpers/staff.ts'

interface FeedPage {
  entries: { seq: number; kind: string; subject?: string; jti?: string }[]
  latestSeq: number
}

async function openLive(credential: string) {
  const res = await exports.default.fetch('http://gg.test/device/feed/live', {
    headers: { upgrade: 'websocket', authorization: `Bearer ${credential}` },
  })
  const ws = res.webSocket
  if (ws === null) throw new Error(`no socket: ${res.status}`)
  const notices: number[] = []
  const waiting: ((seq: number) => void)[] = []
  ws.addEventListener('message', (event) => {
    const { latestSeq } = JSON.parse(String(event.data)) as { latestSeq: number }
    const waiter = waiting.shift()
    if (waiter === undefined) notices.push(latestSeq)
    else waiter(latestSeq)
  })
  ws.accept()
  const next = () =>
    new Promise<number>((resolve, reject) => {
      const queued = notices.shift()
      if (queued !== undefined) return resolve(queued)
      const timer = setTimeout(() => reject(new Error('no feed notice within 2 s')), 2000)
      waiting.push((seq) => {
        clearTimeout(timer)
        resolve(seq)
      })
    })
  return { ws, next }
}

describe('resident -> reviewer -> code -> verify -> revoke -> refused', () => {
  it('works end to end over HTTP', async () => {
    // A resident applies for their child.
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    const application = await submitApplication(resident.token, person.id)
    const early = await api(`/people/${person.id}/code`, { token: resident.token })
    expect(errorOf(early).code).toBe('NOT_APPROVED')

    // A reviewer approves, green for 30 days.
    const reviewer = await createStaff('reviewer')
    const approved = await api(`/review/applications/${application.id}/approve`, {
      token: reviewer.token,
      body: { colour: 'green', validDays: 30 },
    })
    expect(approved.status).toBe(200)

    // The phone shows a code.
    const shown = await api<{ code: string; qrText: string; colour: string }>(
      `/people/${person.id}/code`,
      {
        token: resident.token,
      },
    )
    expect(shown.status).toBe(200)
    expect(shown.body.colour).toBe('green')

    // An admin sets up a checkpoint and enrols a gate, which verifies the scanned QR text.
    const admin = await createStaff('admin')
    const checkpoint = await api<{ checkpoint: { id: string } }>('/admin/checkpoints', {
      token: admin.token,
      body: { name: 'Yuhang metro, exit B' },
    })
    expect(checkpoint.status).toBe(201)
    const gate = await enrolDevice(admin.token, checkpoint.body.checkpoint.id)
    const passed = await api('/verify', {
      token: gate.credential,
      body: { code: shown.body.qrText },
    })
    expect(passed.body).toMatchObject({ decision: 'pass', reason: 'OK', colour: 'green' })

    // The gate listens live; the admin revokes the person.
    const live = await openLive(gate.credential)
    const greeting = await live.next()
    const revoked = await api(`/admin/people/${person.id}/revoke`, {
      token: admin.token,
      body: { reason: 'confirmed contact' },
    })
    expect(revoked.status).toBe(200)
    const notice = await live.next()
    expect(notice).toBeGreaterThan(greeting)

    // The gate reads the delta it was told about, and the code is refused from now on.
    const delta = await api<FeedPage>(`/device/feed?since=${greeting}`, { token: gate.credential })
    expect(delta.body.entries).toContainEqual(
      expect.objectContaining({ kind: 'subject_revoked', subject: claimsOf(shown.body.code).sub }),
    )
    const refused = await api('/verify', {
      token: gate.credential,
      body: { code: shown.body.code },
    })
    expect(refused.body).toMatchObject({ decision: 'refuse', reason: 'CODE_REVOKED' })
    const after = await api(`/people/${person.id}/code`, { token: resident.token })
    expect(errorOf(after).code).toBe('PERSON_REVOKED')
    live.ws.close(1000, 'done')
  })

  it('an admin withdraws one printed pass by its jti', async () => {
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    const application = await submitApplication(resident.token, person.id)
    const reviewer = await createStaff('reviewer')
    await api(`/review/applications/${application.id}/approve`, {
      token: reviewer.token,
      body: { colour: 'green', validDays: 30 },
    })
    const admin = await createStaff('admin')
    const checkpoint = await api<{ checkpoint: { id: string } }>('/admin/checkpoints', {
      token: admin.token,
      body: { name: 'Community gate' },
    })
    const gate = await enrolDevice(admin.token, checkpoint.body.checkpoint.id)

    const pass = await api<{ code: string; expiresAt: number }>(
      `/people/${person.id}/printed-pass`,
      {
        method: 'POST',
        token: resident.token,
      },
    )
    expect(pass.status).toBe(201)
    const phone = await api<{ code: string }>(`/people/${person.id}/code`, {
      token: resident.token,
    })
    expect(
      (await api('/verify', { token: gate.credential, body: { code: pass.body.code } })).body,
    ).toMatchObject({
      decision: 'pass',
      kind: 'printed',
    })

    const jti = claimsOf(pass.body.code).jti as string
    const withdrawn = await api(`/admin/codes/${jti}/revoke`, {
      token: admin.token,
      body: { expiresAt: pass.body.expiresAt, reason: 'pass reported lost' },
    })
    expect(withdrawn.status).toBe(200)
    expect(
      (await api('/verify', { token: gate.credential, body: { code: pass.body.code } })).body,
    ).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })
    // The person's other codes are untouched.
    expect(
      (await api('/verify', { token: gate.credential, body: { code: phone.body.code } })).body,
    ).toMatchObject({
      decision: 'pass',
    })
  })
})
