import { env } from 'cloudflare:test'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addPerson,
  api,
  errorOf,
  signInResident,
  submitApplication,
  validIdCardNumber,
  type SignedInResident,
} from '../helpers/resident.ts'
import { primary } from '../../src/db/client.ts'
import { people } from '../../src/db/schema.ts'
import { applyDecision } from '../../src/services/review-decision.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'

interface QueueItem {
  applicationId: string
  version: number
  submittedAt: number
  person: { id: string; name: string; nameMasked: string; document: { masked: string } }
  suggestedColour: string
  suggestionReasons: string[]
  highRisk: boolean
  declaration: { temperatureCelsius: number } | null
  details: { name: string } | null
}

let reviewer: TestStaff
let resident: SignedInResident

beforeAll(async () => {
  reviewer = await createStaff('reviewer')
  resident = await signInResident()
})

async function pendingApplication(declaration = {}, number = validIdCardNumber()) {
  const person = await addPerson(resident.token, { document: { type: 'id_card', number } })
  const application = await submitApplication(resident.token, person.id, { declaration })
  return { person, application }
}

function approve(applicationId: string, body: unknown, token = reviewer.token) {
  return api(`/review/applications/${applicationId}/approve`, { token, body })
}

function reject(applicationId: string, body: unknown, token = reviewer.token) {
  return api(`/review/applications/${applicationId}/reject`, { token, body })
}

async function queue(query = '', token = reviewer.token) {
  const res = await api<{ items: QueueItem[]; nextCursor?: string }>(`/review/queue${query}`, {
    token,
  })
  expect(res.status).toBe(200)
  return res.body
}

async function allPending(query = ''): Promise<QueueItem[]> {
  const items: QueueItem[] = []
  let cursor: string | undefined
  do {
    const sep = query === '' ? '?' : '&'
    const page = await queue(
      `${query}${cursor === undefined ? '' : `${query === '' ? '?' : sep}cursor=${cursor}`}`,
    )
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return items
}

describe('review queue', () => {
  it('lists pending applications oldest first, with declaration and suggestion', async () => {
    const first = await pendingApplication()
    const number = validIdCardNumber()
    const second = await pendingApplication({ temperatureCelsius: 38.1 }, number)
    // Both arrive within a second; make the first one clearly older.
    await env.DB.prepare('UPDATE applications SET submitted_at = submitted_at - 3600 WHERE id = ?')
      .bind(first.application.id)
      .run()
    const items = await allPending()
    const ids = items.map((item) => item.applicationId)
    expect(ids.indexOf(first.application.id)).toBeGreaterThanOrEqual(0)
    expect(ids.indexOf(first.application.id)).toBeLessThan(ids.indexOf(second.application.id))
    const times = items.map((item) => item.submittedAt)
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const item = items.find((i) => i.applicationId === second.application.id)
    expect(item).toMatchObject({
      version: 1,
      person: { id: second.person.id, name: '张三明', nameMasked: second.person.nameMasked },
      suggestedColour: 'yellow',
      suggestionReasons: ['FEVER'],
      highRisk: false,
      declaration: { temperatureCelsius: 38.1 },
      details: { name: '张三明' },
    })
    expect(item?.person.document.masked).toMatch(/^\d{4}\*+\w{4}$/)
    // The reviewer sees the masked document only, never the full number.
    expect(JSON.stringify(item)).not.toContain(number)
  })

  it('filters by suggested colour and high-risk travel', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const risky = await pendingApplication({
      regionsVisited: [{ region: 'Somewhere', from: today, to: today, highRisk: true }],
    })
    const calm = await pendingApplication()

    const red = await allPending('?suggested=red')
    expect(red.map((i) => i.applicationId)).toContain(risky.application.id)
    expect(red.every((i) => i.suggestedColour === 'red')).toBe(true)
    const high = await allPending('?highRisk=true')
    expect(high.map((i) => i.applicationId)).toContain(risky.application.id)
    expect(high.map((i) => i.applicationId)).not.toContain(calm.application.id)
    const green = await allPending('?suggested=green&highRisk=false')
    expect(green.map((i) => i.applicationId)).toContain(calm.application.id)
  })

  it('pages with a cursor without repeating or skipping', async () => {
    for (let i = 0; i < 3; i++) await pendingApplication()
    const everything = (await queue('?limit=100')).items.map((i) => i.applicationId)
    const paged = (await allPending('?limit=2')).map((i) => i.applicationId)
    expect(paged).toEqual(everything)
    const page = await queue('?limit=2')
    expect(page.items.length).toBe(2)
    expect(page.nextCursor).toBeDefined()
  })

  it('refuses bad query parameters', async () => {
    for (const query of [
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?suggested=blue',
      '?status=draft',
      '?highRisk=yes',
      '?cursor=zzz',
      '?unknown=1',
    ]) {
      const res = await api(`/review/queue${query}`, { token: reviewer.token })
      expect(res.status, query).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
  })

  it('is open to admins and closed to residents, devices and strangers', async () => {
    const admin = await createStaff('admin')
    expect((await api('/review/queue', { token: admin.token })).status).toBe(200)
    for (const token of [resident.token, `gd_${'A'.repeat(43)}`, undefined]) {
      const res = await api('/review/queue', token === undefined ? {} : { token })
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('UNAUTHENTICATED')
    }
  })
})

describe('approving', () => {
  it('approves with colour and days; the resident sees it; the decision is on record', async () => {
    const { person, application } = await pendingApplication()
    const before = Math.floor(Date.now() / 1000)
    const res = await approve(application.id, { colour: 'green', validDays: 14, note: 'all clear' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      applicationId: application.id,
      status: 'approved',
      colour: 'green',
      codesRevoked: false,
    })

    const seen = await api<{ status: string; colour: string; validUntil: number }>(
      `/people/${person.id}`,
      {
        token: resident.token,
      },
    )
    expect(seen.body.status).toBe('approved')
    expect(seen.body.colour).toBe('green')
    expect(seen.body.validUntil).toBeGreaterThanOrEqual(before + 14 * 86_400)
    expect(seen.body.validUntil).toBeLessThanOrEqual(before + 14 * 86_400 + 5)

    const row = await env.DB.prepare(
      `SELECT status, decided_by, decided_at, decision_colour, decision_note
       FROM applications WHERE id = ?`,
    )
      .bind(application.id)
      .first()
    expect(row).toMatchObject({
      status: 'approved',
      decided_by: reviewer.id,
      decision_colour: 'green',
      decision_note: 'all clear',
    })
    const event = await env.DB.prepare(
      'SELECT * FROM status_events WHERE person_id = ? ORDER BY at DESC, rowid DESC',
    )
      .bind(person.id)
      .first()
    expect(event).toMatchObject({
      status: 'approved',
      colour: 'green',
      actor: `staff:${reviewer.id}`,
    })
    const audit = await env.DB.prepare(
      "SELECT * FROM audit_log WHERE target_id = ? AND action = 'application.approve'",
    )
      .bind(application.id)
      .first<{ staff_id: string; details: string }>()
    expect(audit?.staff_id).toBe(reviewer.id)
    expect(audit?.details).not.toContain('张')
  })

  it('accepts validUntil instead of days', async () => {
    const { person, application } = await pendingApplication()
    const until = Math.floor(Date.now() / 1000) + 3 * 86_400
    expect((await approve(application.id, { colour: 'yellow', validUntil: until })).status).toBe(
      200,
    )
    const seen = await api<{ colour: string; validUntil: number }>(`/people/${person.id}`, {
      token: resident.token,
    })
    expect(seen.body).toMatchObject({ colour: 'yellow', validUntil: until })
  })

  it('decides an application once: a second decision is 409 and changes nothing', async () => {
    const { application } = await pendingApplication()
    expect((await approve(application.id, { colour: 'green', validDays: 7 })).status).toBe(200)
    const before = await snapshotTables()
    const again = await approve(application.id, { colour: 'red', validDays: 7 })
    expect(again.status).toBe(409)
    expect(errorOf(again).code).toBe('APPLICATION_NOT_PENDING')
    const late = await reject(application.id, { reason: 'too late' })
    expect(errorOf(late).code).toBe('APPLICATION_NOT_PENDING')
    expect(await snapshotTables()).toEqual(before)
  })

  it('lets exactly one of two racing decisions through', async () => {
    const { person, application } = await pendingApplication()
    const other = await createStaff('reviewer')
    const results = await Promise.all([
      approve(application.id, { colour: 'green', validDays: 7 }),
      approve(application.id, { colour: 'red', validDays: 7 }, other.token),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results.find((r) => r.status === 200)?.body as { colour: string }
    const stored = await env.DB.prepare('SELECT colour FROM people WHERE id = ?')
      .bind(person.id)
      .first()
    expect(stored).toEqual({ colour: winner.colour })
  })

  it('stores nothing of a decision that lost the race to another one', async () => {
    const { person, application } = await pendingApplication()
    const db = primary(env)
    // What a second reviewer's request read while the application was still pending.
    const stale = await db
      .select({ subject: people.subject })
      .from(people)
      .where(eq(people.id, person.id))
      .get()
    expect((await approve(application.id, { colour: 'green', validDays: 7 })).status).toBe(200)
    const before = await snapshotTables()

    const late = applyDecision(
      db,
      { status: 'pending', personId: person.id, subject: stale?.subject ?? '', colour: 'green' },
      {
        applicationId: application.id,
        staffId: reviewer.id,
        decision: { status: 'rejected', reason: 'late' },
      },
      Math.floor(Date.now() / 1000),
    )
    await expect(late).rejects.toMatchObject({ code: 'APPLICATION_NOT_PENDING' })
    expect(await snapshotTables()).toEqual(before)
  })

  it('revokes outstanding codes when an update moves a green person to yellow', async () => {
    const { person, application } = await pendingApplication()
    await approve(application.id, { colour: 'green', validDays: 30 })
    const update = await submitApplication(resident.token, person.id, {
      declaration: { symptoms: ['cough'] },
    })
    const seqBefore = await latestSeq()

    const res = await approve(update.id, { colour: 'yellow', validDays: 7 })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ codesRevoked: true, colour: 'yellow' })
    const subject = await env.DB.prepare(
      'SELECT subject, revoked_through, colour FROM people WHERE id = ?',
    )
      .bind(person.id)
      .first<{ subject: string; revoked_through: number; colour: string }>()
    const entry = await env.DB.prepare('SELECT * FROM feed_entries WHERE seq > ? AND subject = ?')
      .bind(seqBefore, subject?.subject)
      .first<{ kind: string; colour: string; revoked_through: number }>()
    expect(entry).toMatchObject({ kind: 'colour_changed', colour: 'yellow' })
    expect(entry?.revoked_through).toBe(subject?.revoked_through)
    expect(subject?.colour).toBe('yellow')
  })

  it('does not touch the feed when a person stays green', async () => {
    const { person, application } = await pendingApplication()
    await approve(application.id, { colour: 'green', validDays: 30 })
    const update = await submitApplication(resident.token, person.id)
    const seqBefore = await latestSeq()
    const res = await approve(update.id, { colour: 'green', validDays: 30 })
    expect(res.body).toMatchObject({ codesRevoked: false })
    expect(await latestSeq()).toBe(seqBefore)
  })

  it('refuses bad approvals with specific errors and stores nothing', async () => {
    const { application } = await pendingApplication()
    const now = Math.floor(Date.now() / 1000)
    const bodies: [unknown, string][] = [
      [{ colour: 'blue', validDays: 7 }, 'VALIDATION_FAILED'],
      [{ colour: 'green' }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 7, validUntil: now + 86_400 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 0 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 91 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 1.5 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: '7' }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validUntil: now - 10 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validUntil: now + 91 * 86_400 }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 7, note: 'x'.repeat(501) }, 'VALIDATION_FAILED'],
      [{ colour: 'green', validDays: 7, approvedBy: 'me' }, 'VALIDATION_FAILED'],
      [[], 'VALIDATION_FAILED'],
      [null, 'VALIDATION_FAILED'],
    ]
    const before = await snapshotTables()
    for (const [body, code] of bodies) {
      const res = await approve(application.id, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(errorOf(res).code).toBe(code)
    }
    const raw = await api(`/review/applications/${application.id}/approve`, {
      token: reviewer.token,
      rawBody: '{"colour":',
    })
    expect(errorOf(raw).code).toBe('MALFORMED_JSON')
    const big = await api(`/review/applications/${application.id}/approve`, {
      token: reviewer.token,
      body: { colour: 'green', validDays: 7, note: 'x'.repeat(300_000) },
    })
    expect(big.status).toBe(413)
    expect(errorOf(big).code).toBe('BODY_TOO_LARGE')
    const unknown = await approve('no-such-application', { colour: 'green', validDays: 7 })
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown).code).toBe('NOT_FOUND')
    const badId = await approve('bad$id', { colour: 'green', validDays: 7 })
    expect(badId.status).toBe(400)
    const byResident = await approve(
      application.id,
      { colour: 'green', validDays: 7 },
      resident.token,
    )
    expect(byResident.status).toBe(401)
    expect(await snapshotTables()).toEqual(before)
  })
})

describe('rejecting', () => {
  it('rejects with a reason the resident reads, and they can resubmit', async () => {
    const { person, application } = await pendingApplication()
    const res = await reject(application.id, {
      reason: 'The address is incomplete: add the building number',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'rejected', colour: null, codesRevoked: false })

    const seen = await api<{ status: string }>(`/people/${person.id}`, { token: resident.token })
    expect(seen.body.status).toBe('rejected')
    const history = await api<{
      applications: { id: string; status: string; rejectReason: string | null }[]
    }>(`/people/${person.id}/history`, { token: resident.token })
    expect(history.body.applications.find((a) => a.id === application.id)).toMatchObject({
      status: 'rejected',
      rejectReason: 'The address is incomplete: add the building number',
    })
    const again = await submitApplication(resident.token, person.id)
    expect(again.status).toBe('pending')
    expect(again.version).toBe(2)
  })

  it('kills the codes of a green person whose update is rejected', async () => {
    const { person, application } = await pendingApplication()
    await approve(application.id, { colour: 'green', validDays: 30 })
    const update = await submitApplication(resident.token, person.id)
    const seqBefore = await latestSeq()
    const res = await reject(update.id, { reason: 'Declaration looks wrong, please redo it' })
    expect(res.body).toMatchObject({ codesRevoked: true })
    const seen = await api<{ status: string; colour: string | null; validUntil: number | null }>(
      `/people/${person.id}`,
      { token: resident.token },
    )
    expect(seen.body).toMatchObject({ status: 'rejected', colour: null, validUntil: null })
    expect((await api(`/people/${person.id}/code`, { token: resident.token })).status).toBe(409)
    const entry = await env.DB.prepare('SELECT kind FROM feed_entries WHERE seq > ?')
      .bind(seqBefore)
      .first()
    expect(entry).toEqual({ kind: 'subject_revoked' })
  })

  it('refuses an empty, blank, overlong or missing reason', async () => {
    const { application } = await pendingApplication()
    const before = await snapshotTables()
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(501) },
      { reason: 5 },
      { reason: 'ok', x: 1 },
    ]) {
      const res = await reject(application.id, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect(await snapshotTables()).toEqual(before)
  })
})

async function latestSeq(): Promise<number> {
  const row = await env.DB.prepare('SELECT coalesce(max(seq), 0) AS seq FROM feed_entries').first<{
    seq: number
  }>()
  return row?.seq ?? 0
}
