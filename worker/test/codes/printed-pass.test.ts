// POST /people/:personId/printed-pass: a paper code for someone without a phone.
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  claimsOf,
  headerOf,
  now,
  seedGate,
  seedPerson,
  seedResident,
  verifyAt,
  type SeededDevice,
} from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'

interface IssuedCode {
  code: string
  kind: string
  issuedAt: number
  expiresAt: number
  refreshAfter: number
}

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate()
})

async function printFor(options: Parameters<typeof seedPerson>[1] = {}) {
  const resident = await seedResident()
  const person = await seedPerson(resident.accountId, options)
  const res = await api<IssuedCode>(`/people/${person.personId}/printed-pass`, {
    method: 'POST',
    token: resident.token,
  })
  return { res, person, resident }
}

describe('printed passes', () => {
  it('are codes of type ggp that live PRINTED_PASS_TTL_DAYS, recorded by jti', async () => {
    const { res, person } = await printFor()
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(headerOf(res.body.code).typ).toBe('ggp')
    const claims = claimsOf(res.body.code)
    expect(claims.exp).toBe((claims.iat as number) + 7 * 86_400)
    expect(res.body).toMatchObject({
      kind: 'printed',
      expiresAt: claims.exp,
      refreshAfter: claims.exp,
    })

    const stored = await env.DB.prepare(
      'SELECT person_id, issued_at, expires_at FROM printed_passes WHERE jti = ?',
    )
      .bind(claims.jti)
      .first()
    expect(stored).toEqual({
      person_id: person.personId,
      issued_at: claims.iat,
      expires_at: claims.exp,
    })
    expect((await verifyAt(gate, res.body.code)).body).toMatchObject({
      decision: 'pass',
      kind: 'printed',
    })
  })

  it('never outlive the approval', async () => {
    const validUntil = now() + 3 * 86_400
    const { res } = await printFor({ validUntil })
    expect(res.body.expiresAt).toBe(validUntil)
  })

  it('die when the person is revoked', async () => {
    const { res, person } = await printFor()
    await env.DB.prepare('UPDATE people SET revoked_through = ? WHERE id = ?')
      .bind(now(), person.personId)
      .run()
    expect((await verifyAt(gate, res.body.code)).body).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })
  })

  it('die when revoked by jti', async () => {
    const { res } = await printFor()
    const jti = claimsOf(res.body.code).jti as string
    await env.DB.prepare(
      "INSERT INTO feed_entries (at, kind, jti, expires_at) VALUES (?, 'code_revoked', ?, ?)",
    )
      .bind(now(), jti, res.body.expiresAt)
      .run()
    expect((await verifyAt(gate, res.body.code)).body).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })
  })

  it('are refused for people who may not hold a code, and for other accounts', async () => {
    expect(errorOf((await printFor({ status: 'pending' })).res).code).toBe('NOT_APPROVED')
    expect(errorOf((await printFor({ status: 'revoked' })).res).code).toBe('PERSON_REVOKED')
    expect(errorOf((await printFor({ validUntil: now() - 5 })).res).code).toBe('APPROVAL_EXPIRED')

    const { person } = await printFor()
    const stranger = await seedResident()
    const res = await api(`/people/${person.personId}/printed-pass`, {
      method: 'POST',
      token: stranger.token,
    })
    expect(res.status).toBe(404)
    expect(errorOf(res).code).toBe('NOT_FOUND')
    const count = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM printed_passes WHERE person_id = ?',
    )
      .bind(person.personId)
      .first<{ n: number }>()
    expect(count?.n).toBe(1)
  })

  it('need a resident session', async () => {
    const { person } = await printFor()
    const res = await api(`/people/${person.personId}/printed-pass`, {
      method: 'POST',
      token: gate.credential,
    })
    expect(res.status).toBe(401)
  })
})
