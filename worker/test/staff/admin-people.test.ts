import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addPerson,
  api,
  errorOf,
  personDetails,
  signInResident,
  validIdCardNumber,
} from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'
import {
  approvedPerson,
  checkpointWithGate,
  fetchCode,
  jtiOf,
  verifyAt,
  type Gate,
} from './fixtures.ts'

interface PersonSummary {
  id: string
  phoneMasked: string
  nameMasked: string
  document: { type: string; masked: string }
  status: string
  colour: string | null
  revokedThrough: number
}

let admin: TestStaff
let reviewer: TestStaff
let gate: Gate

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
  gate = await checkpointWithGate(admin)
})

function search(body: unknown) {
  return api<{ people: PersonSummary[] }>('/admin/people/search', { token: admin.token, body })
}

describe('finding people', () => {
  it('finds a person by exact document, showing only masked identity', async () => {
    const resident = await signInResident()
    const number = validIdCardNumber()
    const person = await addPerson(
      resident.token,
      personDetails({ document: { type: 'id_card', number } }),
    )
    // Typed the way a clerk might: lower-case x, spaces.
    const typed = `${number.slice(0, 6)} ${number.slice(6).toLowerCase()}`
    const res = await search({ document: { type: 'id_card', number: typed } })
    expect(res.status).toBe(200)
    expect(res.body.people).toHaveLength(1)
    expect(res.body.people[0]).toMatchObject({
      id: person.id,
      nameMasked: person.nameMasked,
      status: 'draft',
    })
    expect(res.body.people[0]?.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
    const text = JSON.stringify(res.body)
    expect(text).not.toContain(number)
    expect(text).not.toContain(resident.phone)
    expect(text).not.toContain('张三明')

    // The look-up is on record: who searched, by what kind of key, what was found.
    const audit = await env.DB.prepare(
      "SELECT staff_id, details FROM audit_log WHERE action = 'person.search' ORDER BY rowid DESC",
    ).first<{ staff_id: string; details: string }>()
    expect(audit?.staff_id).toBe(admin.id)
    expect(JSON.parse(audit?.details ?? '{}')).toEqual({ by: 'document', found: [person.id] })
    expect(audit?.details).not.toContain(number.slice(6, 14))
  })

  it("finds every person of an account by the account's phone", async () => {
    const resident = await signInResident()
    const first = await addPerson(resident.token)
    const second = await addPerson(resident.token, { relationship: 'parent' })
    const res = await search({ phone: resident.phone })
    expect(res.body.people.map((p) => p.id).sort()).toEqual([first.id, second.id].sort())
  })

  it('answers an empty list for a document or phone nobody has', async () => {
    const nobody = { document: { type: 'id_card', number: validIdCardNumber() } }
    expect((await search(nobody)).body).toEqual({ people: [] })
    expect((await search({ phone: '13912345678' })).body).toEqual({ people: [] })
  })

  it('refuses malformed searches with field errors, never echoing the number', async () => {
    const idCard = (number: string) => ({ type: 'id_card', number })
    const bad: [unknown, string][] = [
      [{}, ''],
      [{ document: idCard(validIdCardNumber()), phone: '13912345678' }, ''],
      [{ document: idCard('123') }, 'document.number'],
      [{ document: idCard('330110199013011234') }, 'document.number'],
      [{ document: { type: 'visa', number: 'AB123456' } }, 'document.type'],
      [{ document: '330110199001011234' }, 'document'],
      [{ phone: '12345' }, 'phone'],
      [{ phone: '1'.repeat(30) }, 'phone'],
      [{ phone: 13912345678 }, 'phone'],
      [{ phone: '13912345678', name: '张三' }, ''],
    ]
    for (const [body, path] of bad) {
      const res = await search(body)
      const label = JSON.stringify(body)
      expect(res.status, label).toBe(400)
      const error = errorOf(res)
      expect(error.code, label).toBe('VALIDATION_FAILED')
      expect(error.fields?.[0]?.path, label).toBe(path)
      expect(JSON.stringify(error), label).not.toContain('330110199')
      expect(JSON.stringify(error), label).not.toContain('13912345678')
    }
  })

  it('takes the number only in the body: a search URL carrying one is refused', async () => {
    const resident = await signInResident()
    await addPerson(resident.token)
    const body = { phone: resident.phone }
    const found = await search(body)
    expect(found.body.people).toHaveLength(1)

    // The number in the query string, as the old GET form took it, finds nothing.
    const inQuery = await api(`/admin/people/search?phone=${resident.phone}`, {
      token: admin.token,
      body,
    })
    expect(inQuery.status).toBe(400)
    expect(errorOf(inQuery)).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(JSON.stringify(inQuery.body)).not.toContain(resident.phone)
    const oldForm = await api(`/admin/people?phone=${resident.phone}`, { token: admin.token })
    expect(oldForm.status).toBe(404)
    expect(JSON.stringify(oldForm.body)).not.toContain(resident.phone)
  })

  it("shows a person's status history and application versions", async () => {
    const person = await approvedPerson(reviewer)
    const res = await api<{
      person: { id: string; subject: string; status: string }
      events: { status: string; actor: string }[]
      applications: { version: number; status: string; decidedBy: string | null }[]
    }>(`/admin/people/${person.personId}`, { token: admin.token })
    expect(res.status).toBe(200)
    expect(res.body.person).toMatchObject({
      id: person.personId,
      subject: person.subject,
      status: 'approved',
    })
    expect(res.body.events.map((e) => e.status)).toEqual(['draft', 'pending', 'approved'])
    expect(res.body.events.at(-1)?.actor).toBe(`staff:${reviewer.id}`)
    expect(res.body.applications).toEqual([
      expect.objectContaining({ version: 1, status: 'approved', decidedBy: reviewer.id }),
    ])
    const viewed = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'person.view' AND target_id = ?",
    )
      .bind(person.personId)
      .first()
    expect(viewed).toEqual({ n: 1 })
    expect((await api('/admin/people/no-such-person', { token: admin.token })).status).toBe(404)
  })
})

describe('revoking a person', () => {
  it('kills codes issued until now, stops new ones, and tells the resident why', async () => {
    const person = await approvedPerson(reviewer)
    const { code } = await fetchCode(person)
    expect(await verifyAt(gate, code)).toMatchObject({ decision: 'pass' })

    const res = await api<{ revokedThrough: number }>(`/admin/people/${person.personId}/revoke`, {
      token: admin.token,
      body: { reason: 'Identity fraud reported by the community office' },
    })
    expect(res.status).toBe(200)
    expect(await verifyAt(gate, code)).toMatchObject({ decision: 'refuse', reason: 'CODE_REVOKED' })
    const next = await api(`/people/${person.personId}/code`, { token: person.resident.token })
    expect(next.status).toBe(409)

    const entry = await env.DB.prepare(
      "SELECT * FROM feed_entries WHERE kind = 'subject_revoked' AND subject = ?",
    )
      .bind(person.subject)
      .first<{ revoked_through: number }>()
    expect(entry?.revoked_through).toBe(res.body.revokedThrough)
    const history = await api<{ events: { status: string; reason: string | null }[] }>(
      `/people/${person.personId}/history`,
      { token: person.resident.token },
    )
    expect(history.body.events.at(-1)).toMatchObject({
      status: 'revoked',
      reason: 'Identity fraud reported by the community office',
    })
    const audit = await env.DB.prepare(
      "SELECT staff_id FROM audit_log WHERE action = 'person.revoke' AND target_id = ?",
    )
      .bind(person.personId)
      .first()
    expect(audit).toEqual({ staff_id: admin.id })
  })

  it('refuses unknown people, a second revocation and no reason, storing nothing', async () => {
    const person = await approvedPerson(reviewer)
    await api(`/admin/people/${person.personId}/revoke`, {
      token: admin.token,
      body: { reason: 'first' },
    })
    const before = await snapshotTables()
    const again = await api(`/admin/people/${person.personId}/revoke`, {
      token: admin.token,
      body: { reason: 'again' },
    })
    expect(again.status).toBe(409)
    expect(errorOf(again).code).toBe('CONFLICT')
    const unknown = await api('/admin/people/nobody/revoke', {
      token: admin.token,
      body: { reason: 'x' },
    })
    expect(unknown.status).toBe(404)
    for (const body of [
      {},
      { reason: '' },
      { reason: 'x'.repeat(501) },
      { reason: 'ok', revokedThrough: 0 },
    ]) {
      const res = await api(`/admin/people/${person.personId}/revoke`, { token: admin.token, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(await snapshotTables()).toEqual(before)
  })
})

describe('revoking one code', () => {
  it('kills that code at the gate while the person can fetch a new one', async () => {
    const person = await approvedPerson(reviewer)
    const { code, expiresAt } = await fetchCode(person)
    const jti = jtiOf(code)
    const res = await api(`/admin/codes/${jti}/revoke`, {
      token: admin.token,
      body: { expiresAt, reason: 'Screenshot shared in a group chat' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ jti, expiresAt })
    expect(await verifyAt(gate, code)).toMatchObject({ decision: 'refuse', reason: 'CODE_REVOKED' })
    const entry = await env.DB.prepare(
      "SELECT expires_at FROM feed_entries WHERE kind = 'code_revoked' AND jti = ?",
    )
      .bind(jti)
      .first()
    expect(entry).toEqual({ expires_at: expiresAt })
  })

  it('refuses a bad code id, an expiry in the past or too far ahead, storing nothing', async () => {
    const now = Math.floor(Date.now() / 1000)
    const before = await snapshotTables()
    const cases: [string, unknown, number][] = [
      ['abc', { expiresAt: now + 60, reason: 'x' }, 400],
      ['abc$defg', { expiresAt: now + 60, reason: 'x' }, 400],
      ['abcdefgh', { expiresAt: now - 60, reason: 'x' }, 400],
      ['abcdefgh', { expiresAt: now + 200 * 86_400, reason: 'x' }, 400],
      ['abcdefgh', { expiresAt: 'soon', reason: 'x' }, 400],
      ['abcdefgh', { expiresAt: now + 60 }, 400],
      ['abcdefgh', { expiresAt: now + 60, reason: 'x', subject: 'y' }, 400],
    ]
    for (const [jti, body, status] of cases) {
      const res = await api(`/admin/codes/${jti}/revoke`, { token: admin.token, body })
      expect(res.status, `${jti} ${JSON.stringify(body)}`).toBe(status)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect(await snapshotTables()).toEqual(before)
  })
})
