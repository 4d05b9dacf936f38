// The published key set, first-use sync of SIGNING_KEYS, and an independent check of codes.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { keyringOf } from '../../src/crypto/signing-keyring.ts'
import {
  claimsOf,
  fetchWithEnv,
  newSigningKey,
  seedGate,
  seedPerson,
  seedResident,
  testSigningKey,
  verifyAt,
} from '../helpers/codes.ts'
import { verifyEs256Independently } from '../helpers/independent-es256.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff } from '../helpers/staff.ts'

interface Jwks {
  iss: string
  keys: Record<string, unknown>[]
  retired: string[]
}

async function keyRows() {
  return (await env.DB.prepare('SELECT kid, state FROM signing_keys ORDER BY kid').all()).results
}

async function issueCode(): Promise<string> {
  const resident = await seedResident()
  const person = await seedPerson(resident.accountId)
  const res = await api<{ code: string }>(`/people/${person.personId}/code`, {
    token: resident.token,
  })
  expect(res.status).toBe(200)
  return res.body.code
}

describe('first use of the SIGNING_KEYS secret', () => {
  // Runs first in this file: the key table starts empty.
  it('signs before any sync without writing, and the JWKS sync then makes that key active', async () => {
    expect(await keyRows()).toEqual([])
    const code = await issueCode()
    expect(await keyRows()).toEqual([])

    const jwks = await api<Jwks>('/.well-known/jwks.json')
    expect(jwks.status).toBe(200)
    expect(await keyRows()).toEqual([{ kid: testSigningKey().kid, state: 'active' }])
    expect(jwks.body.keys.map((k) => k.kid)).toEqual([testSigningKey().kid])

    const gate = await seedGate()
    expect((await verifyAt(gate, code)).body).toMatchObject({ decision: 'pass' })
  })
})

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public halves only, with the issuer, cacheable', async () => {
    const res = await api<Jwks>('/.well-known/jwks.json')
    const { kid, x, y } = testSigningKey()
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.body).toEqual({
      iss: '330110',
      keys: [{ kty: 'EC', crv: 'P-256', kid, x, y, alg: 'ES256', use: 'sig' }],
      retired: [],
    })
    expect(JSON.stringify(res.body)).not.toContain(testSigningKey().d)
  })
})

describe('an issued code checked by an independent ES256 implementation', () => {
  it('verifies against the published JWKS, and fails once a byte changes', async () => {
    const code = await issueCode()
    const jwks = (await api<Jwks>('/.well-known/jwks.json')).body
    const header = JSON.parse(atob(code.split('.')[0] ?? '')) as { kid: string }
    const key = jwks.keys.find((k) => k.kid === header.kid) as { x: string; y: string } | undefined
    expect(key).toBeDefined()
    if (key === undefined) return

    const result = await verifyEs256Independently(code, key)
    expect(result.valid).toBe(true)
    expect(result.header).toEqual({ alg: 'ES256', kid: header.kid, typ: 'ggc' })
    expect(result.payload).toEqual(claimsOf(code))

    const [h, p, s] = code.split('.') as [string, string, string]
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`
    expect((await verifyEs256Independently(flipped, key)).valid).toBe(false)
    const other = await newSigningKey()
    expect((await verifyEs256Independently(code, other)).valid).toBe(false)
  })

  it('verifies with WebCrypto imported straight from the JWKS entry too', async () => {
    const code = await issueCode()
    const jwk = (await api<Jwks>('/.well-known/jwks.json')).body.keys[0] as unknown as JsonWebKey
    const key = await crypto.subtle.importKey(
      'jwk',
      jwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    )
    const [h, p, s] = code.split('.') as [string, string, string]
    const signature = Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    )
    const ok = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signature,
      new TextEncoder().encode(`${h}.${p}`),
    )
    expect(ok).toBe(true)
  })
})

describe('GET /admin/keys', () => {
  it('lists keys with their state and whether the secret holds them, for admins only', async () => {
    const admin = await createStaff('admin')
    const res = await api<{ keys: unknown[] }>('/admin/keys', { token: admin.token })
    expect(res.status).toBe(200)
    expect(res.body.keys).toEqual([
      {
        kid: testSigningKey().kid,
        state: 'active',
        inSecret: true,
        createdAt: expect.any(Number),
        activatedAt: expect.any(Number),
        retiredAt: null,
      },
    ])

    const reviewer = await createStaff('reviewer')
    const refused = await api('/admin/keys', { token: reviewer.token })
    expect(refused.status).toBe(403)
    expect(errorOf(refused).code).toBe('FORBIDDEN')
    const resident = await seedResident()
    expect((await api('/admin/keys', { token: resident.token })).status).toBe(401)
  })
})

describe('a misconfigured secret', () => {
  it('fails with SIGNING_KEY_MISSING and never echoes the secret', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const path = `/people/${person.personId}/code`
    const good = await newSigningKey('mix')
    const other = await newSigningKey('mix')

    for (const secret of [
      'not json',
      '[]',
      JSON.stringify([{ ...good, x: other.x, y: other.y }]),
    ]) {
      const res = await fetchWithEnv({ SIGNING_KEYS: secret }, path, { token: resident.token })
      expect(res.status).toBe(500)
      expect(res.body).toMatchObject({ error: { code: 'SIGNING_KEY_MISSING' } })
      expect(JSON.stringify(res.body)).not.toContain(good.d)
    }
  })

  it('imports each secret value once (a pure cache, no per-request import)', async () => {
    expect(keyringOf(env.SIGNING_KEYS)).toBe(keyringOf(env.SIGNING_KEYS))
  })
})
