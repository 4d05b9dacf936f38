// GET /people/:personId/code: what a resident's page shows, and everything it refuses.
import { QR_NUMERIC_PREFIX, codeFromScannedText } from '@greengate/shared'
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { REPLICA_LAG_ALLOWANCE_SECONDS } from '../../src/services/replica-lag.ts'
import { isWrite, recordingD1, type D1Call } from '../helpers/d1-recorder.ts'
import {
  claimsOf,
  headerOf,
  now,
  seedPerson,
  seedResident,
  testSigningKey,
} from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff } from '../helpers/staff.ts'

interface IssuedCode {
  code: string
  qrText: string
  kind: string
  colour: string
  nameMasked: string
  issuedAt: number
  expiresAt: number
  refreshAfter: number
}

describe('fetching the current code', () => {
  it('answers a signed code with the pinned header and claims, never cached', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)

    const res = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })

    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { code, qrText } = res.body
    expect(headerOf(code)).toEqual({ alg: 'ES256', kid: testSigningKey().kid, typ: 'ggc' })
    const claims = claimsOf(code)
    expect(Object.keys(claims)).toEqual(['iss', 'sub', 'col', 'nm', 'iat', 'exp', 'jti'])
    expect(claims).toMatchObject({ iss: '330110', sub: person.subject, col: 'g', nm: '张*明' })
    expect(res.body).toMatchObject({
      kind: 'phone',
      colour: 'green',
      nameMasked: '张*明',
      expiresAt: claims.exp,
    })
    // Lives 180 s from signing; iat is dated back by the replica-lag allowance, so that a
    // revocation the fetch's replica had not seen yet still kills it (replica-lag.test.ts).
    expect(claims.exp).toBe(res.body.issuedAt + 180)
    expect(claims.iat).toBe(res.body.issuedAt - REPLICA_LAG_ALLOWANCE_SECONDS)
    expect(res.body.refreshAfter).toBeGreaterThan(res.body.issuedAt)
    expect(res.body.refreshAfter).toBeLessThan(res.body.expiresAt)
    expect(qrText.startsWith(QR_NUMERIC_PREFIX)).toBe(true)
    expect(codeFromScannedText(qrText)).toBe(code)
  })

  it('carries nothing personal: no name, document or phone in the clear', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const { body } = await api<IssuedCode>(`/people/${person.personId}/code`, {
      token: resident.token,
    })
    const text = JSON.stringify(claimsOf(body.code))
    // The seeded person is 张三明 with document 3301**********1234; the claims hold only
    // the pinned keys (checked above), so a leak would have to hide in one of them.
    expect(text).not.toContain('张三明')
    expect(text).not.toContain('**')
    expect(claimsOf(body.code).sub).not.toContain('3301')
  })

  it('gives a new jti every time', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const a = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })
    const b = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })
    expect(claimsOf(a.body.code).jti).not.toBe(claimsOf(b.body.code).jti)
  })

  it('never lets a code outlive the approval', async () => {
    const resident = await seedResident()
    const validUntil = now() + 40
    const person = await seedPerson(resident.accountId, { validUntil })
    const res = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })
    expect(res.status).toBe(200)
    expect(res.body.expiresAt).toBe(validUntil)
    expect(claimsOf(res.body.code).exp).toBe(validUntil)
  })

  it('issues after a revocation in the same second a code the revocation does not kill', async () => {
    const resident = await seedResident()
    const revokedThrough = now()
    const person = await seedPerson(resident.accountId, { revokedThrough })
    const res = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })
    expect(claimsOf(res.body.code).iat).toBeGreaterThan(revokedThrough)
  })

  it('signs the colour as it stands: a yellow person gets a yellow code', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId, { colour: 'yellow' })
    const res = await api<IssuedCode>(`/people/${person.personId}/code`, { token: resident.token })
    expect(res.body.colour).toBe('yellow')
    expect(claimsOf(res.body.code).col).toBe('y')
  })

  it.each([
    ['pending', 'NOT_APPROVED'],
    ['rejected', 'NOT_APPROVED'],
    ['draft', 'NOT_APPROVED'],
    ['revoked', 'PERSON_REVOKED'],
  ] as const)('refuses a %s person with %s', async (status, code) => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId, { status })
    const res = await api(`/people/${person.personId}/code`, { token: resident.token })
    expect(res.status).toBe(409)
    expect(errorOf(res).code).toBe(code)
  })

  it('refuses an expired approval with APPROVAL_EXPIRED', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId, { validUntil: now() - 1 })
    const res = await api(`/people/${person.personId}/code`, { token: resident.token })
    expect(res.status).toBe(409)
    expect(errorOf(res).code).toBe('APPROVAL_EXPIRED')
  })

  it("answers 404 for another account's person and for an unknown id", async () => {
    const owner = await seedResident()
    const other = await seedResident()
    const person = await seedPerson(owner.accountId)

    const theirs = await api(`/people/${person.personId}/code`, { token: other.token })
    expect(theirs.status).toBe(404)
    expect(errorOf(theirs).code).toBe('NOT_FOUND')
    const unknown = await api('/people/nobody-at-all/code', { token: owner.token })
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown).code).toBe('NOT_FOUND')
  })

  it('refuses no session, an unknown session, a staff session and a device credential', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const path = `/people/${person.personId}/code`
    const staff = await createStaff('admin')

    for (const token of [
      undefined,
      'rs_unknownunknownunknown',
      staff.token,
      'gd_somedevicecredential1',
    ]) {
      const res = await api(path, token === undefined ? {} : { token })
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('UNAUTHENTICATED')
    }
  })

  it('refuses a malformed person id as invalid input', async () => {
    const resident = await seedResident()
    const res = await api('/people/not%20an%20id/code', { token: resident.token })
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('VALIDATION_FAILED')
  })
})

describe('the code-fetch path costs', () => {
  async function fetchCounting(
    path: string,
    token: string,
  ): Promise<{ status: number; calls: D1Call[] }> {
    const calls: D1Call[] = []
    const ctx = createExecutionContext()
    const res = await createApp().fetch(
      new Request(`http://gg.test${path}`, { headers: { authorization: `Bearer ${token}` } }),
      { ...env, DB: recordingD1(env.DB, calls) },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return { status: res.status, calls }
  }

  it('exactly one D1 read and no write, for a code and for each refusal', async () => {
    const resident = await seedResident()
    const approved = await seedPerson(resident.accountId)
    const pending = await seedPerson(resident.accountId, { status: 'pending' })

    for (const [personId, status] of [
      [approved.personId, 200],
      [pending.personId, 409],
      ['unknown-person', 404],
    ] as const) {
      const { status: got, calls } = await fetchCounting(`/people/${personId}/code`, resident.token)
      expect(got).toBe(status)
      expect(calls).toHaveLength(1)
      expect(calls.filter(isWrite)).toEqual([])
    }
  })

  it('a session a lagging replica has not seen yet is read from the primary, not refused', async () => {
    const resident = await seedResident()
    const approved = await seedPerson(resident.accountId)
    // Local D1 has no replicas: this one answers every read as a replica would that has not
    // yet received the sign-in (no session row), while the primary has it.
    const lagging = Object.assign(Object.create(env.DB) as D1Database, {
      withSession: () => ({
        prepare: () => ({ bind: () => ({ first: () => Promise.resolve(null) }) }),
      }),
    })
    const ctx = createExecutionContext()
    const res = await createApp().fetch(
      new Request(`http://gg.test/people/${approved.personId}/code`, {
        headers: { authorization: `Bearer ${resident.token}` },
      }),
      { ...env, DB: lagging },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(200)
  })

  it('a token no session has costs one more read, on the primary, and is refused', async () => {
    const { status, calls } = await fetchCounting(
      '/people/unknown-person/code',
      `rs_${'A'.repeat(43)}`,
    )
    expect(status).toBe(401)
    expect(calls).toHaveLength(2)
    expect(calls.filter(isWrite)).toEqual([])
  })

  it('the counter sees writes (so the assertion above can fail)', async () => {
    const calls: D1Call[] = []
    const db = recordingD1(env.DB, calls)
    await db.prepare('SELECT 1').first()
    await db.prepare('UPDATE people SET updated_at = updated_at WHERE 0').run()
    expect(calls).toHaveLength(2)
    expect(calls.filter(isWrite)).toHaveLength(1)
  })
})

describe('code size', () => {
  it('is under 300 characters and its numeric QR form fits version 11 at level M', async () => {
    const resident = await seedResident()
    // The longest masked name a code carries: three CJK characters' worth of bytes.
    const person = await seedPerson(resident.accountId, { nameMasked: '欧*明' })
    const { body } = await api<IssuedCode>(`/people/${person.personId}/code`, {
      token: resident.token,
    })

    const numeric = QRCode.create(body.qrText, { errorCorrectionLevel: 'M' })
    const bytes = QRCode.create(body.code, { errorCorrectionLevel: 'M' })
    // Measured: 292 characters; numeric form version 11 (61x61), raw JWS version 13.
    console.log(
      JSON.stringify({
        codeLength: body.code.length,
        qrNumericVersion: numeric.version,
        qrByteVersion: bytes.version,
      }),
    )
    expect(body.code.length).toBeLessThan(300)
    expect(numeric.version).toBeLessThanOrEqual(11)
    expect(bytes.version).toBeGreaterThan(numeric.version)
  })
})
