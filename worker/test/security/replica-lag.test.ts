// The code fetch reads a replica, which may not have seen a revocation yet: a code it signs
// from the row as it stood before the revocation must still die at the gates and at /verify.
import {
  verifyCode,
  type Colour,
  type FeedEntry,
  type FeedPage,
  type PublicJwk,
  type RevocationView,
} from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { configOf } from '../../src/config.ts'
import { verifyEs256 } from '../../src/crypto/public-keys.ts'
import { keyringOf } from '../../src/crypto/signing-keyring.ts'
import type { CodeHolder } from '../../src/services/code-issuer.ts'
import { signPhoneCode } from '../../src/services/code-fetch.ts'
import { REPLICA_LAG_ALLOWANCE_SECONDS } from '../../src/services/replica-lag.ts'
import { claimsOf, seedGate, seedPerson, seedResident, verifyAt } from '../helpers/codes.ts'
import type { SeededDevice } from '../helpers/codes.ts'
import { api } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { uploadPasses } from '../staff/fixtures.ts'

/** The gate's default clock-skew tolerance (gateway-device config). */
const GATE_SKEW_SECONDS = 30

let admin: TestStaff
let gate: SeededDevice

beforeAll(async () => {
  admin = await createStaff('admin')
  gate = await seedGate()
})

/** The person's row as the code fetch reads it: what a replica still holds. */
async function holderOf(personId: string): Promise<CodeHolder> {
  const row = await env.DB.prepare(
    `SELECT subject, name_masked AS nameMasked, status, colour, valid_until AS validUntil,
       revoked_through AS revokedThrough FROM people WHERE id = ?`,
  )
    .bind(personId)
    .first<CodeHolder>()
  if (row === null) throw new Error('the seeded person is missing')
  return row
}

/** Every feed entry the gate's device gets, as the gate would page through them. */
async function feedEntries(device: SeededDevice): Promise<FeedEntry[]> {
  const entries: FeedEntry[] = []
  let since = 0
  for (;;) {
    const page = await api<FeedPage>(`/device/feed?since=${since}`, { token: device.credential })
    expect(page.status).toBe(200)
    entries.push(...page.body.entries)
    if (!page.body.hasMore) return entries
    since = page.body.nextSince
  }
}

/** The gate's view of revocations, folded from the feed like its cache does. */
function revocationsOf(entries: readonly FeedEntry[]): RevocationView {
  const through = new Map<string, number>()
  const codes = new Set<string>()
  for (const entry of entries) {
    if (entry.kind === 'code_revoked') codes.add(entry.jti)
    if (entry.kind === 'subject_revoked' || entry.kind === 'colour_changed') {
      through.set(entry.subject, Math.max(through.get(entry.subject) ?? 0, entry.revokedThrough))
    }
  }
  return { revokedThrough: (s) => through.get(s) ?? 0, isCodeRevoked: (jti) => codes.has(jti) }
}

async function revoke(personId: string): Promise<{ revokedThrough: number }> {
  const res = await api<{ revokedThrough: number }>(`/admin/people/${personId}/revoke`, {
    token: admin.token,
    body: { reason: 'Document reported stolen' },
  })
  expect(res.status).toBe(200)
  return res.body
}

/** The shared verifier as a gate runs it, with the revocations its feed holds, at `now`. */
async function verifyAtGate(code: string, now: number, allowedColours: Colour[]) {
  const config = configOf(env)
  const keyring = await keyringOf(config.signingKeys)
  const keys = new Map<string, PublicJwk>(keyring.keys.map((k) => [k.kid, k.publicJwk]))
  return verifyCode(
    code,
    {
      issuers: new Map([[config.issuer, { iss: config.issuer, keys, retiredKids: new Set() }]]),
      revocations: revocationsOf(await feedEntries(gate)),
      now,
      skewSeconds: GATE_SKEW_SECONDS,
      policy: { allowedColours, acceptsPrinted: true },
    },
    verifyEs256,
  )
}

/** A code signed by the fetch's signing step from `holder`, at `now`. */
async function signedFrom(holder: CodeHolder, now: number): Promise<string> {
  const config = configOf(env)
  const keyring = await keyringOf(config.signingKeys)
  return (await signPhoneCode(config, keyring, holder, null, now)).code
}

describe('a code signed from a replica that has not seen the revocation yet', () => {
  it.each([1, 5, 10])(
    'is refused by /verify and by a gate with the feed, %i s after an admin revokes',
    async (lagSeconds) => {
      const resident = await seedResident()
      const person = await seedPerson(resident.accountId)
      const stale = await holderOf(person.personId)

      const revoked = await revoke(person.personId)
      const at = revoked.revokedThrough + lagSeconds
      const code = await signedFrom(stale, at)

      expect((await verifyAt(gate, code)).body).toMatchObject({
        decision: 'refuse',
        reason: 'CODE_REVOKED',
      })
      const atGate = await verifyAtGate(code, at, ['green'])
      expect(atGate).toMatchObject({ ok: false, reason: 'CODE_REVOKED' })
    },
  )

  it('is refused by a gate with the feed up to the allowance after the revocation', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const stale = await holderOf(person.personId)
    const revoked = await revoke(person.personId)

    const at = revoked.revokedThrough + REPLICA_LAG_ALLOWANCE_SECONDS - 1
    const decision = await verifyAtGate(await signedFrom(stale, at), at, ['green'])
    expect(decision).toMatchObject({ ok: false, reason: 'CODE_REVOKED' })
  })

  it('after a change to a stricter colour: the stale green code dies, the fresh yellow one passes at once', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const stale = await holderOf(person.personId)
    const hospital = await seedGate({ allowedColours: ['green', 'yellow'] })
    const at = Date.now() - 60_000
    await uploadPasses(hospital, [{ subject: person.subject, at }])
    const change = await api('/admin/colour-changes', {
      token: admin.token,
      body: {
        checkpointId: hospital.checkpointId,
        from: Math.floor(at / 1000),
        to: Math.floor(at / 1000),
        colour: 'yellow',
        confirm: true,
        reason: 'Close contact of a confirmed case',
      },
    })
    expect(change.body).toMatchObject({ changed: 1, codesRevoked: 1 })
    const changedAt = Math.floor(Date.now() / 1000)

    const staleCode = await signedFrom(stale, changedAt + 5)
    expect((await verifyAt(hospital, staleCode)).body).toMatchObject({ reason: 'CODE_REVOKED' })
    // A replica that has seen the change: the page's next fetch passes straight away.
    const fresh = await api<{ code: string }>(`/people/${person.personId}/code`, {
      token: resident.token,
    })
    expect((await verifyAt(hospital, fresh.body.code)).body).toMatchObject({
      decision: 'pass',
      colour: 'yellow',
    })
    const gateNow = Date.now() / 1000
    expect(await verifyAtGate(fresh.body.code, gateNow, ['green', 'yellow'])).toMatchObject({
      ok: true,
    })
  })

  it('still passes when no revocation came after the read (the signing itself is sound)', async () => {
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const code = await signedFrom(await holderOf(person.personId), Math.floor(Date.now() / 1000))
    expect((await verifyAt(gate, code)).body).toMatchObject({ decision: 'pass', reason: 'OK' })
    expect(claimsOf(code).sub).toBe(person.subject)
  })
})
