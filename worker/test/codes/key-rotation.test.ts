// Rotating and retiring signing keys: codes keep verifying across a rotation, a retired
// key's codes are refused, and gates learn of the retirement on the feed.
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fetchWithEnv,
  headerOf,
  newSigningKey,
  seedGate,
  seedPerson,
  seedResident,
  signTestCode,
  testSigningKey,
  verifyAt,
  type PrivateJwk,
  type SeededDevice,
} from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'

let admin: TestStaff
let gate: SeededDevice
let next: PrivateJwk
let twoKeys: Partial<Env>

beforeAll(async () => {
  admin = await createStaff('admin')
  gate = await seedGate()
  next = await newSigningKey('next')
  // The secret after an operator added a key: old one first, new one after.
  twoKeys = { SIGNING_KEYS: JSON.stringify([testSigningKey(), next]) }
})

async function codeUnder(overrides: Partial<Env>): Promise<string> {
  const resident = await seedResident()
  const person = await seedPerson(resident.accountId)
  const res = await fetchWithEnv(overrides, `/people/${person.personId}/code`, {
    token: resident.token,
  })
  expect(res.status).toBe(200)
  return (res.body as { code: string }).code
}

const keyAction = (kid: string, action: 'activate' | 'retire', overrides: Partial<Env> = twoKeys) =>
  fetchWithEnv(overrides, `/admin/keys/${kid}/${action}`, { method: 'POST', token: admin.token })

describe('rotation', () => {
  it('publishes a key new in the secret, then lets it sign while the old one still verifies', async () => {
    const oldCode = await codeUnder({})
    expect(headerOf(oldCode).kid).toBe(testSigningKey().kid)

    const listed = await fetchWithEnv(twoKeys, '/admin/keys', { token: admin.token })
    const listedKeys = (listed.body as { keys: { kid: string; state: string }[] }).keys
    expect(Object.fromEntries(listedKeys.map((k) => [k.kid, k.state]))).toEqual({
      [testSigningKey().kid]: 'active',
      next: 'published',
    })
    const jwks = await api<{ keys: { kid: string }[] }>('/.well-known/jwks.json')
    expect(jwks.body.keys.map((k) => k.kid).sort()).toEqual([testSigningKey().kid, 'next'].sort())

    const activated = await keyAction('next', 'activate')
    expect(activated.status).toBe(200)
    const states = (activated.body as { keys: { kid: string; state: string }[] }).keys
    expect(states.find((k) => k.kid === 'next')?.state).toBe('active')
    expect(states.find((k) => k.kid === testSigningKey().kid)?.state).toBe('published')

    const newCode = await codeUnder(twoKeys)
    expect(headerOf(newCode).kid).toBe('next')
    expect((await verifyAt(gate, newCode)).body.decision).toBe('pass')
    expect((await verifyAt(gate, oldCode)).body.decision).toBe('pass')

    const audit = await env.DB.prepare(
      "SELECT target_id FROM audit_log WHERE action = 'key.activate'",
    ).all()
    expect(audit.results).toEqual([{ target_id: 'next' }])
  })

  it('refuses to activate a key whose private half is not in the secret', async () => {
    // 'third' gets published by a secret that holds it, then activated under one that does not.
    const third = await newSigningKey('third')
    const threeKeys = { SIGNING_KEYS: JSON.stringify([testSigningKey(), next, third]) }
    await fetchWithEnv(threeKeys, '/admin/keys', { token: admin.token })
    const res = await keyAction('third', 'activate', twoKeys)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ error: { code: 'KEY_STATE_INVALID' } })
  })
})

describe('retirement', () => {
  it('refuses to retire the active key', async () => {
    const res = await keyAction('next', 'retire')
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ error: { code: 'KEY_STATE_INVALID' } })
  })

  it('retires the old key: its codes are refused, the JWKS lists it as retired, the feed says so', async () => {
    // A code the old key signed before the rotation (it no longer signs, so made by hand).
    const preRotation = await signTestCode()
    expect((await verifyAt(gate, preRotation)).body.decision).toBe('pass')

    const kid = testSigningKey().kid
    const res = await keyAction(kid, 'retire')
    expect(res.status).toBe(200)

    expect((await verifyAt(gate, preRotation)).body).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_KEY_RETIRED',
    })
    const jwks = await api<{ keys: { kid: string }[]; retired: string[] }>('/.well-known/jwks.json')
    expect(jwks.body.keys.map((k) => k.kid)).not.toContain(kid)
    expect(jwks.body.retired).toContain(kid)

    const feed = await api<{ entries: { kind: string; kid?: string }[] }>('/device/feed?since=0', {
      token: gate.credential,
    })
    expect(feed.body.entries).toContainEqual(expect.objectContaining({ kind: 'key_retired', kid }))
    const audit = await env.DB.prepare(
      "SELECT target_id FROM audit_log WHERE action = 'key.retire'",
    ).all()
    expect(audit.results).toEqual([{ target_id: kid }])
  })

  it('refuses to retire twice, to activate a retired key, and names unknown kids', async () => {
    const kid = testSigningKey().kid
    const again = await keyAction(kid, 'retire')
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ error: { code: 'KEY_STATE_INVALID' } })
    const back = await keyAction(kid, 'activate')
    expect(back.status).toBe(409)
    expect(back.body).toMatchObject({ error: { code: 'KEY_STATE_INVALID' } })

    const unknown = await keyAction('nosuch', 'retire')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ error: { code: 'KEY_NOT_FOUND' } })
    const malformed = await api('/admin/keys/bad.kid!/retire', {
      method: 'POST',
      token: admin.token,
    })
    expect(malformed.status).toBe(400)
    expect(errorOf(malformed).code).toBe('VALIDATION_FAILED')
  })

  it('a reviewer cannot rotate or retire', async () => {
    const reviewer = await createStaff('reviewer')
    const res = await fetchWithEnv(twoKeys, '/admin/keys/next/retire', {
      method: 'POST',
      token: reviewer.token,
    })
    expect(res.status).toBe(403)
  })

  it('an active key missing from the secret is a clear 500, not a bad code', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const res = await api(`/people/${person.personId}/code`, { token: resident.token })
    expect(res.status).toBe(500)
    expect(errorOf(res).code).toBe('SIGNING_KEY_MISSING')
  })
})
