// A colour change must kill the codes issued before it (PRODUCT.md), not only a change away
// from green: a yellow printed pass lives for days, and a hospital that admits yellow must
// refuse it once its holder has turned red or lost the approval.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addPerson,
  api,
  signInResident,
  submitApplication,
  type SignedInResident,
} from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import {
  checkpointWithGate,
  subjectOf,
  uploadPasses,
  verifyAt,
  type Gate,
} from '../staff/fixtures.ts'

let admin: TestStaff
let reviewer: TestStaff
let hospital: Gate

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
  hospital = await checkpointWithGate(admin, 'District hospital')
  const policy = { allowedColours: ['green', 'yellow'], acceptsPrinted: true }
  const res = await api(`/admin/checkpoints/${hospital.checkpointId}`, {
    method: 'PATCH',
    token: admin.token,
    body: { policy },
  })
  expect(res.status).toBe(200)
})

interface YellowHolder {
  resident: SignedInResident
  personId: string
  /** A printed pass and a phone code, both yellow, issued while the person was yellow. */
  codes: string[]
}

/** A person a reviewer approved yellow, holding a yellow printed pass and phone code. */
async function yellowHolder(): Promise<YellowHolder> {
  const resident = await signInResident()
  const person = await addPerson(resident.token)
  const application = await submitApplication(resident.token, person.id)
  await decide(application.id, 'approve', { colour: 'yellow', validDays: 14 })
  const printed = await api<{ code: string }>(`/people/${person.id}/printed-pass`, {
    method: 'POST',
    token: resident.token,
  })
  const phone = await api<{ code: string }>(`/people/${person.id}/code`, {
    token: resident.token,
  })
  const codes = [printed.body.code, phone.body.code]
  for (const code of codes) expect((await verifyAt(hospital, code)).decision).toBe('pass')
  return { resident, personId: person.id, codes }
}

/** A healthy update, which keeps the current approval while it waits for review. */
async function pendingUpdate(holder: YellowHolder): Promise<string> {
  const update = await submitApplication(holder.resident.token, holder.personId)
  expect(update.kind).toBe('update')
  return update.id
}

async function decide(applicationId: string, action: 'approve' | 'reject', body: unknown) {
  const res = await api(`/review/applications/${applicationId}/${action}`, {
    token: reviewer.token,
    body,
  })
  expect(res.status).toBe(200)
  return res.body as { codesRevoked: boolean }
}

async function expectAllRefused(codes: string[]) {
  for (const code of codes) {
    expect(await verifyAt(hospital, code)).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })
  }
}

describe('a colour change to a stricter colour', () => {
  it('kills yellow codes when a reviewer turns the person red', async () => {
    const holder = await yellowHolder()
    const decision = await decide(await pendingUpdate(holder), 'approve', {
      colour: 'red',
      validDays: 14,
    })
    expect(decision.codesRevoked).toBe(true)
    await expectAllRefused(holder.codes)
  })

  it('kills yellow codes when a reviewer rejects the update of a yellow person', async () => {
    const holder = await yellowHolder()
    const decision = await decide(await pendingUpdate(holder), 'reject', {
      reason: '请重新申报',
    })
    expect(decision.codesRevoked).toBe(true)
    await expectAllRefused(holder.codes)
  })

  it('kills yellow codes when a bulk change turns the person red', async () => {
    const holder = await yellowHolder()
    const metro = await checkpointWithGate(admin, 'Metro line 5')
    const at = Date.now() - 60_000
    await uploadPasses(metro, [{ subject: await subjectOf(holder.personId), at }])
    const from = Math.floor(at / 1000)
    const res = await api('/admin/colour-changes', {
      token: admin.token,
      body: {
        checkpointId: metro.checkpointId,
        from,
        to: from,
        colour: 'red',
        confirm: true,
        reason: 'Cluster traced to line 5',
      },
    })
    expect(res.body).toEqual({ people: 1, changed: 1, codesRevoked: 1 })
    await expectAllRefused(holder.codes)
  })

  it('leaves the codes alone when the colour stays or gets milder', async () => {
    const holder = await yellowHolder()
    const same = await decide(await pendingUpdate(holder), 'approve', {
      colour: 'yellow',
      validDays: 14,
    })
    expect(same.codesRevoked).toBe(false)
    const milder = await decide(await pendingUpdate(holder), 'approve', {
      colour: 'green',
      validDays: 14,
    })
    expect(milder.codesRevoked).toBe(false)
    for (const code of holder.codes) {
      expect((await verifyAt(hospital, code)).decision).toBe('pass')
    }
  })
})
