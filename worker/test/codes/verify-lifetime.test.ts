// POST /verify: a code is trusted no longer than any code of its kind may live, a neighbour's
// above all (its revocations never reach us); our own longest codes stay within the cap.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fetchWithEnv,
  newSigningKey,
  now,
  seedGate,
  seedPerson,
  seedResident,
  signTestCode,
  verifyAt,
  type SeededDevice,
  type PrivateJwk,
} from '../helpers/codes.ts'

let gate: SeededDevice
let neighbourKey: PrivateJwk
let trusted: string

beforeAll(async () => {
  gate = await seedGate()
  neighbourKey = await newSigningKey('nb2')
  const { kid, kty, crv, x, y } = neighbourKey
  trusted = JSON.stringify([
    { iss: '330106', jwks: { keys: [{ kid, kty, crv, x, y, alg: 'ES256' }], retired: [] } },
  ])
})

async function verifyNeighbourCode(typ: 'ggc' | 'ggp', lifetimeSeconds: number) {
  const iat = now() - 60
  const code = await signTestCode({
    key: neighbourKey,
    header: { typ },
    claims: { iss: '330106', iat, exp: iat + lifetimeSeconds },
  })
  const res = await fetchWithEnv({ TRUSTED_ISSUERS: trusted }, '/verify', {
    token: gate.credential,
    json: { code },
  })
  expect(res.status).toBe(200)
  return res.body
}

describe("a neighbour's code lifetime", () => {
  it('refuses a phone code signed to live a year, with its own reason', async () => {
    expect(await verifyNeighbourCode('ggc', 365 * 86_400)).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_LIFETIME_TOO_LONG',
      kind: 'phone',
    })
  })

  it('passes a phone code of up to an hour and a printed pass of up to 90 days', async () => {
    expect(await verifyNeighbourCode('ggc', 3600)).toMatchObject({ decision: 'pass' })
    expect(await verifyNeighbourCode('ggp', 90 * 86_400)).toMatchObject({ decision: 'pass' })
    expect(await verifyNeighbourCode('ggp', 90 * 86_400 + 1)).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_LIFETIME_TOO_LONG',
      kind: 'printed',
    })
  })
})

describe('our own codes at the longest TTL the config allows', () => {
  it('are fetched and pass, their set-back iat included', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const longest = { CODE_TTL_SECONDS: '3570' }
    const fetched = await fetchWithEnv(longest, `/people/${person.personId}/code`, {
      token: resident.token,
    })
    expect(fetched.status).toBe(200)
    const { code } = fetched.body as { code: string }
    expect((await verifyAt(gate, code)).body).toMatchObject({ decision: 'pass', reason: 'OK' })

    // One second more and the Worker will not start: it could sign codes every gate refuses.
    const tooLong = await fetchWithEnv({ CODE_TTL_SECONDS: '3571' }, '/health')
    expect(tooLong.status).toBe(500)
  })
})
