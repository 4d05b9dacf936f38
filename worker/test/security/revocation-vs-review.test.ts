// An admin's revocation, or a bulk change to a stricter colour (a contact-tracing result),
// must not be undone by a reviewer deciding an application that was waiting from before it:
// the person has to apply again, and that new application is what a reviewer may approve.
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { addPerson, api, errorOf, signInResident, submitApplication } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { approvedPerson, checkpointWithGate, uploadPasses } from '../staff/fixtures.ts'

let admin: TestStaff
let reviewer: TestStaff

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
})

function revoke(personId: string) {
  return api(`/admin/people/${personId}/revoke`, {
    token: admin.token,
    body: { reason: 'Document reported stolen' },
  })
}

function approve(applicationId: string) {
  return api(`/review/applications/${applicationId}/approve`, {
    token: reviewer.token,
    body: { colour: 'green', validDays: 30 },
  })
}

async function personStatus(personId: string): Promise<string | undefined> {
  const row = await env.DB.prepare('SELECT status FROM people WHERE id = ?')
    .bind(personId)
    .first<{ status: string }>()
  return row?.status
}

describe('a revoked person', () => {
  it('cannot be approved again through an application that was pending before', async () => {
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    const application = await submitApplication(resident.token, person.id)
    expect((await revoke(person.id)).status).toBe(200)

    const res = await approve(application.id)
    expect(res.status).toBe(409)
    expect(errorOf(res).code).toBe('APPLICATION_NOT_PENDING')
    expect(await personStatus(person.id)).toBe('revoked')
    const code = await api(`/people/${person.id}/code`, { token: resident.token })
    expect(errorOf(code).code).toBe('PERSON_REVOKED')
    // The resident sees that the waiting application will not be decided.
    const versions = await api<{ applications: { status: string }[] }>(
      `/people/${person.id}/applications`,
      { token: resident.token },
    )
    expect(versions.body.applications[0]?.status).toBe('superseded')
  })

  it('cannot be approved again through a pending update of the old approval', async () => {
    const approved = await approvedPerson(reviewer)
    const update = await submitApplication(approved.resident.token, approved.personId)
    expect(update.kind).toBe('update')
    expect((await revoke(approved.personId)).status).toBe(200)

    expect(errorOf(await approve(update.id)).code).toBe('APPLICATION_NOT_PENDING')
    expect(await personStatus(approved.personId)).toBe('revoked')
  })

  it('stays revoked whichever of a racing revocation and approval lands first', async () => {
    for (let i = 0; i < 5; i++) {
      const resident = await signInResident()
      const person = await addPerson(resident.token)
      const application = await submitApplication(resident.token, person.id)
      const [revoked] = await Promise.all([revoke(person.id), approve(application.id)])
      expect(revoked.status).toBe(200)
      expect(await personStatus(person.id)).toBe('revoked')
    }
  })

  it('may apply again, and that application can be approved', async () => {
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    await submitApplication(resident.token, person.id)
    await revoke(person.id)

    const fresh = await submitApplication(resident.token, person.id)
    expect(fresh.kind).toBe('resubmission')
    expect((await approve(fresh.id)).status).toBe(200)
    expect(await personStatus(person.id)).toBe('approved')
  })
})

describe('a person turned red by a bulk colour change', () => {
  it('cannot be turned green again through an update that was pending before', async () => {
    const approved = await approvedPerson(reviewer)
    const update = await submitApplication(approved.resident.token, approved.personId)
    expect(update.kind).toBe('update')
    const station = await checkpointWithGate(admin, 'Traced station')
    const at = Date.now() - 60_000
    await uploadPasses(station, [{ subject: approved.subject, at }])
    const from = Math.floor(at / 1000)
    const change = await api('/admin/colour-changes', {
      token: admin.token,
      body: {
        checkpointId: station.checkpointId,
        from,
        to: from,
        colour: 'red',
        confirm: true,
        reason: 'Close contact of a confirmed case',
      },
    })
    expect(change.body).toMatchObject({ changed: 1, codesRevoked: 1 })

    expect(errorOf(await approve(update.id)).code).toBe('APPLICATION_NOT_PENDING')
    const row = await env.DB.prepare('SELECT colour FROM people WHERE id = ?')
      .bind(approved.personId)
      .first<{ colour: string }>()
    expect(row?.colour).toBe('red')
  })
})
