import { env } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  addPerson,
  api,
  declaration,
  errorOf,
  personDetails,
  signInResident,
  submitApplication,
  validIdCardNumber,
} from '../helpers/resident.ts'
import { rows, snapshot } from './fixtures.ts'

const T0 = Date.UTC(2025, 5, 15, 8, 0, 0)
const NOW = T0 / 1000

function at(secondsAfterT0: number): void {
  vi.setSystemTime(T0 + secondsAfterT0 * 1000)
}

/** What a reviewer's approval leaves behind (the review routes belong to another area). */
async function approve(personId: string, applicationId: string, colour = 'green'): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE applications SET status = 'approved', decided_at = ?, decision_colour = ? WHERE id = ?",
    ).bind(NOW, colour, applicationId),
    env.DB.prepare(
      "UPDATE people SET status = 'approved', colour = ?, valid_until = ? WHERE id = ?",
    ).bind(colour, NOW + 86_400, personId),
  ])
}

async function reject(personId: string, applicationId: string, reason: string): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE applications SET status = 'rejected', decided_at = ?, reject_reason = ? WHERE id = ?",
    ).bind(NOW, reason, applicationId),
    env.DB.prepare("UPDATE people SET status = 'rejected' WHERE id = ?").bind(personId),
  ])
}

async function personRow(personId: string) {
  const [row] = await rows<{
    status: string
    colour: string | null
    revoked_through: number
    subject: string
    name: string
  }>('SELECT * FROM people WHERE id = ?', personId)
  return row
}

async function feedFor(subject: string) {
  return rows('SELECT kind, subject, revoked_through FROM feed_entries WHERE subject = ?', subject)
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  at(0)
})
afterEach(() => vi.useRealTimers())

describe('POST /people/:personId/applications', () => {
  it('files version 1 as pending with a suggested colour, and the person becomes pending', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const res = await api(`/people/${person.id}/applications`, {
      token,
      body: { declaration: declaration({ temperatureCelsius: 37.8, symptoms: ['cough'] }) },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      personId: person.id,
      version: 1,
      kind: 'first',
      status: 'pending',
      suggestedColour: 'yellow',
      suggestionReasons: ['FEVER', 'SYMPTOMS'],
      submittedAt: NOW,
      decidedAt: null,
      rejectReason: null,
      details: {
        name: '张三明',
        document: person.document,
        address: person.address,
        workplace: null,
        relationship: 'child',
      },
      declaration: {
        temperatureCelsius: 37.8,
        symptoms: ['cough'],
        regionsVisited: [],
        confirmedContact: false,
        declaredAt: NOW,
      },
    })
    expect((await personRow(person.id))?.status).toBe('pending')
  })

  it('suggests red for high-risk travel and marks the application high-risk for the queue', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const visit = { region: '某市某区', from: '2025-06-05', to: '2025-06-07', highRisk: true }
    const app = await submitApplication(token, person.id, {
      declaration: { regionsVisited: [visit], confirmedContact: true },
    })
    expect(app.suggestedColour).toBe('red')
    expect(app.suggestionReasons).toEqual(['HIGH_RISK_TRAVEL', 'CONFIRMED_CONTACT'])
    expect(await rows('SELECT high_risk FROM applications WHERE id = ?', app.id)).toEqual([
      { high_risk: 1 },
    ])
  })

  it('supersedes a pending version with a resubmission', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id)
    at(10)
    const v2 = await submitApplication(token, person.id)
    expect(v2).toMatchObject({ version: 2, kind: 'resubmission', status: 'pending' })
    const list = await api<{ applications: { id: string; status: string }[] }>(
      `/people/${person.id}/applications`,
      { token },
    )
    expect(list.body.applications.map((a) => [a.id, a.status])).toEqual([
      [v2.id, 'pending'],
      [v1.id, 'superseded'],
    ])
  })

  it('takes a corrected resubmission after a rejection, and the history keeps the reason', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id)
    await reject(person.id, v1.id, '姓名与证件不符')
    at(60)
    const number = validIdCardNumber()
    const v2 = await submitApplication(token, person.id, {
      details: personDetails({ name: '张山明', document: { type: 'id_card', number } }),
    })
    expect(v2).toMatchObject({ version: 2, kind: 'resubmission', details: { name: '张山明' } })
    expect((await personRow(person.id))?.status).toBe('pending')

    const read = await api<{ name: string; nameMasked: string; document: { masked: string } }>(
      `/people/${person.id}`,
      { token },
    )
    expect(read.body.name).toBe('张山明')
    expect(read.body.document.masked).toBe(`${number.slice(0, 4)}**********${number.slice(-4)}`)

    const history = await api(`/people/${person.id}/history`, { token })
    expect(history.body).toMatchObject({
      applications: [
        { id: v2.id, version: 2, status: 'pending', rejectReason: null },
        { id: v1.id, version: 1, status: 'rejected', rejectReason: '姓名与证件不符' },
      ],
    })
  })

  it('keeps an approved person approved during a healthy update, with no revocation', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id)
    await approve(person.id, v1.id)
    at(3600)
    const v2 = await submitApplication(token, person.id, {
      declaration: { temperatureCelsius: 36.9 },
    })
    expect(v2).toMatchObject({
      version: 2,
      kind: 'update',
      status: 'pending',
      suggestedColour: 'green',
    })
    const row = await personRow(person.id)
    expect(row).toMatchObject({ status: 'approved', colour: 'green', revoked_through: 0 })
    expect(await feedFor(row?.subject ?? '')).toEqual([])
    // The approved version stays approved: it is what the current code stands on.
    const v1Now = await api<{ status: string }>(`/people/${person.id}/applications/${v1.id}`, {
      token,
    })
    expect(v1Now.body.status).toBe('approved')
  })

  it('suspends an approval at once when an update declares a risk, revoking issued codes', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id)
    await approve(person.id, v1.id)
    at(3600)
    const v2 = await submitApplication(token, person.id, {
      declaration: { temperatureCelsius: 38.2 },
    })
    expect(v2).toMatchObject({ kind: 'update', suggestedColour: 'yellow' })
    const row = await personRow(person.id)
    expect(row).toMatchObject({ status: 'pending', revoked_through: NOW + 3600 })
    expect(await feedFor(row?.subject ?? '')).toEqual([
      { kind: 'subject_revoked', subject: row?.subject, revoked_through: NOW + 3600 },
    ])
  })

  it('suspends an approval when an update changes the name', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id)
    await approve(person.id, v1.id)
    at(60)
    const details = await api<{ document: unknown }>(`/people/${person.id}`, { token })
    expect(details.status).toBe(200)
    const [before] = await rows<{ doc_hash: string }>(
      'SELECT doc_hash FROM people WHERE id = ?',
      person.id,
    )
    const res = await submitApplication(token, person.id, {
      details: personDetails({
        name: '张小明',
        document: { type: 'hukou', number: '330110999888' },
      }),
    })
    expect(res).toMatchObject({ kind: 'update', suggestedColour: 'green' })
    const row = await personRow(person.id)
    expect(row).toMatchObject({ status: 'pending', name: '张小明', revoked_through: NOW + 60 })
    const [after] = await rows<{ doc_hash: string }>(
      'SELECT doc_hash FROM people WHERE id = ?',
      person.id,
    )
    expect(after?.doc_hash).not.toBe(before?.doc_hash)
  })

  it("lets a resubmission repeat the person's own document", async () => {
    const { token } = await signInResident()
    const number = validIdCardNumber()
    const person = await addPerson(token, { document: { type: 'id_card', number } })
    const app = await submitApplication(token, person.id, {
      details: personDetails({ address: '新地址', document: { type: 'id_card', number } }),
    })
    expect(app.details?.address).toBe('新地址')
  })

  it("refuses a correction to another person's document with DOCUMENT_TAKEN, changing nothing", async () => {
    const { token } = await signInResident()
    const taken = validIdCardNumber()
    await addPerson(token, { document: { type: 'id_card', number: taken } })
    const person = await addPerson(token)
    const before = await snapshot()
    const res = await api(`/people/${person.id}/applications`, {
      token,
      body: {
        details: personDetails({ document: { type: 'id_card', number: taken } }),
        declaration: declaration(),
      },
    })
    expect(res.status).toBe(409)
    expect(errorOf(res).code).toBe('DOCUMENT_TAKEN')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses visits that end in the future or long ago, naming the field, changing nothing', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const before = await snapshot()
    const future = { region: 'A', from: '2025-06-14', to: '2025-06-16', highRisk: false }
    const old = { region: 'B', from: '2025-04-01', to: '2025-04-02', highRisk: true }
    const res = await api(`/people/${person.id}/applications`, {
      token,
      body: { declaration: declaration({ regionsVisited: [future, old] }) },
    })
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    expect(errorOf(res).fields?.map((f) => f.path)).toEqual([
      'declaration.regionsVisited.0.to',
      'declaration.regionsVisited.1.to',
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses bad declarations field by field, changing nothing', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const before = await snapshot()
    const cases: [unknown, string][] = [
      [{ ...declaration(), temperatureCelsius: 33.9 }, 'declaration.temperatureCelsius'],
      [{ ...declaration(), temperatureCelsius: 42.6 }, 'declaration.temperatureCelsius'],
      [{ ...declaration(), temperatureCelsius: '36.5' }, 'declaration.temperatureCelsius'],
      [{ ...declaration(), symptoms: ['sneezing'] }, 'declaration.symptoms.0'],
      [{ ...declaration(), symptoms: ['none', 'cough'] }, 'declaration.symptoms'],
      [{ ...declaration(), confirmedContact: 'no' }, 'declaration.confirmedContact'],
      [
        {
          ...declaration(),
          regionsVisited: [{ region: 'X', from: '2025-06-10', to: '2025-06-09', highRisk: false }],
        },
        'declaration.regionsVisited.0.to',
      ],
      [
        {
          ...declaration(),
          regionsVisited: [{ region: 'X', from: '10/06/2025', to: '2025-06-10', highRisk: false }],
        },
        'declaration.regionsVisited.0.from',
      ],
      [{ ...declaration(), declaredAt: 0 }, 'declaration'],
      [undefined, 'declaration'],
    ]
    for (const [decl, path] of cases) {
      const res = await api(`/people/${person.id}/applications`, {
        token,
        body: { declaration: decl },
      })
      expect(res.status, path).toBe(400)
      expect(
        errorOf(res).fields?.map((f) => f.path),
        path,
      ).toContain(path)
    }
    expect(await snapshot()).toEqual(before)
  })

  it("answers 404 for another account's person and an unknown person, changing nothing", async () => {
    const owner = await signInResident()
    const stranger = await signInResident()
    const person = await addPerson(owner.token)
    const before = await snapshot()
    for (const [token, id] of [
      [stranger.token, person.id],
      [owner.token, 'nosuchperson0000'],
    ] as const) {
      const res = await api(`/people/${id}/applications`, {
        token,
        body: { declaration: declaration() },
      })
      expect(res.status).toBe(404)
      expect(errorOf(res).code).toBe('NOT_FOUND')
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('reading applications and history', () => {
  it('reads one version; unknown ids and versions of another person answer 404', async () => {
    const owner = await signInResident()
    const stranger = await signInResident()
    const a = await addPerson(owner.token)
    const b = await addPerson(owner.token)
    const app = await submitApplication(owner.token, a.id)

    const ok = await api(`/people/${a.id}/applications/${app.id}`, { token: owner.token })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ id: app.id, version: 1 })
    for (const [token, path] of [
      [owner.token, `/people/${b.id}/applications/${app.id}`],
      [owner.token, `/people/${a.id}/applications/nosuchapplication`],
      [stranger.token, `/people/${a.id}/applications/${app.id}`],
      [stranger.token, `/people/${a.id}/applications`],
      [stranger.token, `/people/${a.id}/history`],
    ] as const) {
      const res = await api(path, { token })
      expect(res.status, path).toBe(404)
      expect(errorOf(res).code).toBe('NOT_FOUND')
    }
  })

  it('tells the story: added, submitted, resubmitted, in order', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    at(5)
    await submitApplication(token, person.id)
    at(9)
    await submitApplication(token, person.id, { declaration: { symptoms: ['fatigue'] } })
    const res = await api<{ events: unknown[]; applications: { version: number; kind: string }[] }>(
      `/people/${person.id}/history`,
      { token },
    )
    expect(res.status).toBe(200)
    expect(res.body.events).toEqual([
      { at: NOW, status: 'draft', colour: null, reason: 'PERSON_ADDED' },
      { at: NOW + 5, status: 'pending', colour: null, reason: 'APPLICATION_SUBMITTED' },
      { at: NOW + 9, status: 'pending', colour: null, reason: 'APPLICATION_SUBMITTED' },
    ])
    expect(res.body.applications.map((a) => [a.version, a.kind])).toEqual([
      [2, 'resubmission'],
      [1, 'first'],
    ])
  })
})
