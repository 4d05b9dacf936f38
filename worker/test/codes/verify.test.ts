// POST /verify: every code that must pass does, and every bad one is refused with its reason.
import { encodeBase64url, randomId } from '@greengate/shared'
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { isWrite, recordingD1, type D1Call } from '../helpers/d1-recorder.ts'
import {
  claimsOf,
  fetchWithEnv,
  newSigningKey,
  now,
  seedCheckpoint,
  seedDevice,
  seedGate,
  seedPerson,
  seedResident,
  signTestCode,
  testSigningKey,
  verifyAt,
  type SeededDevice,
  type VerifyAnswer,
} from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { snapshotTables } from '../staff/db-snapshot.ts'

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate()
})

async function issuedCode(options: Parameters<typeof seedPerson>[1] = {}) {
  const resident = await seedResident()
  const person = await seedPerson(resident.accountId, options)
  const res = await api<{ code: string; qrText: string }>(`/people/${person.personId}/code`, {
    token: resident.token,
  })
  if (res.status !== 200) throw new Error(`code fetch failed: ${res.status}`)
  return { ...person, ...res.body, resident }
}

async function expectRefused(
  code: string,
  reason: string,
  device: SeededDevice = gate,
): Promise<VerifyAnswer> {
  const res = await verifyAt(device, code)
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({ decision: 'refuse', reason })
  return res.body
}

const b64 = (value: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)))

describe('codes that pass', () => {
  it('passes a fresh green code, raw or in its numeric QR form', async () => {
    const issued = await issuedCode()
    for (const text of [issued.code, issued.qrText, `  ${issued.qrText}\r\n`]) {
      const res = await verifyAt(gate, text)
      expect(res.body).toEqual({
        decision: 'pass',
        reason: 'OK',
        kind: 'phone',
        colour: 'green',
        expiresAt: expect.any(Number),
      })
    }
  })

  it('shows the masked name only at a staffed checkpoint', async () => {
    const staffed = await seedGate({ staffed: true })
    const issued = await issuedCode()
    const res = await verifyAt(staffed, issued.code)
    expect(res.body).toMatchObject({ decision: 'pass', nameMasked: '张*明' })
    expect((await verifyAt(gate, issued.code)).body.nameMasked).toBeUndefined()
  })

  it('passes a yellow code where the policy allows yellow', async () => {
    const lenient = await seedGate({ allowedColours: ['green', 'yellow'] })
    const issued = await issuedCode({ colour: 'yellow' })
    expect((await verifyAt(lenient, issued.code)).body).toMatchObject({
      decision: 'pass',
      colour: 'yellow',
    })
  })

  it('passes a neighbouring district’s code only when TRUSTED_ISSUERS names it', async () => {
    const neighbourKey = await newSigningKey('nb1')
    const code = await signTestCode({ key: neighbourKey, claims: { iss: '330106' } })
    const { kid, kty, crv, x, y } = neighbourKey
    const trusted = JSON.stringify([
      { iss: '330106', jwks: { keys: [{ kid, kty, crv, x, y, alg: 'ES256' }], retired: [] } },
    ])

    const accepted = await fetchWithEnv({ TRUSTED_ISSUERS: trusted }, '/verify', {
      token: gate.credential,
      json: { code },
    })
    expect(accepted.body).toMatchObject({ decision: 'pass', reason: 'OK' })
    await expectRefused(code, 'CODE_WRONG_ISSUER')
  })
})

describe('codes that are refused, each with its own reason', () => {
  it('forged: a payload changed after signing', async () => {
    const issued = await issuedCode({ colour: 'red' })
    const [header, , signature] = issued.code.split('.') as [string, string, string]
    const claims = claimsOf(issued.code)
    const forged = `${header}.${b64({ ...claims, col: 'g' })}.${signature}`
    const answer = await expectRefused(forged, 'CODE_BAD_SIGNATURE')
    // Nothing a forger wrote is echoed back.
    expect(answer.colour).toBeUndefined()
  })

  it('forged: signed by another key under our kid', async () => {
    const impostor = { ...(await newSigningKey()), kid: testSigningKey().kid }
    await expectRefused(await signTestCode({ key: impostor }), 'CODE_BAD_SIGNATURE')
  })

  it('expired', async () => {
    const t = now()
    const answer = await expectRefused(
      await signTestCode({ claims: { iat: t - 400, exp: t - 200 } }),
      'CODE_EXPIRED',
    )
    expect(answer.expiresAt).toBe(t - 200)
  })

  it('future-dated', async () => {
    const t = now()
    await expectRefused(
      await signTestCode({ claims: { iat: t + 600, exp: t + 780 } }),
      'CODE_NOT_YET_VALID',
    )
  })

  it('alg none', async () => {
    const t = now()
    const payload = {
      iss: '330110',
      sub: randomId(11),
      col: 'g',
      iat: t,
      exp: t + 180,
      jti: randomId(8),
    }
    await expectRefused(
      `${b64({ alg: 'none', kid: testSigningKey().kid, typ: 'ggc' })}.${b64(payload)}.`,
      'CODE_ALG_NOT_ALLOWED',
    )
  })

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const jwks = (await api<{ keys: unknown[] }>('/.well-known/jwks.json')).body
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]))
    const key = await crypto.subtle.importKey(
      'raw',
      secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const t = now()
    const input = `${b64({ alg: 'HS256', kid: testSigningKey().kid, typ: 'ggc' })}.${b64({
      iss: '330110',
      sub: randomId(11),
      col: 'g',
      iat: t,
      exp: t + 180,
      jti: randomId(8),
    })}`
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)),
    )
    await expectRefused(`${input}.${encodeBase64url(mac)}`, 'CODE_ALG_NOT_ALLOWED')
  })

  it('unknown kid', async () => {
    await expectRefused(await signTestCode({ header: { kid: 'nosuchkid' } }), 'CODE_UNKNOWN_KEY')
  })

  it('truncated', async () => {
    const issued = await issuedCode()
    await expectRefused(issued.code.slice(0, -12), 'CODE_MALFORMED')
    await expectRefused(issued.code.slice(0, issued.code.lastIndexOf('.')), 'CODE_MALFORMED')
    await expectRefused(issued.qrText.slice(0, -1), 'CODE_MALFORMED')
  })

  it('oversized', async () => {
    await expectRefused(`eyJ${'A'.repeat(600)}.eyJ.sig`, 'CODE_TOO_LONG')
  })

  it('wrong type: a session token, a device credential, another JWS typ', async () => {
    const resident = await seedResident()
    await expectRefused(resident.token, 'CODE_NOT_A_CODE')
    await expectRefused(gate.credential, 'CODE_NOT_A_CODE')
    await expectRefused('https://example.org/not-a-code', 'CODE_NOT_A_CODE')
    await expectRefused(await signTestCode({ header: { typ: 'JWT' } }), 'CODE_WRONG_TYPE')
  })

  it('wrong issuer', async () => {
    await expectRefused(await signTestCode({ claims: { iss: '110101' } }), 'CODE_WRONG_ISSUER')
  })

  it('revoked person: revoked_through at or after the second the code was issued', async () => {
    const issued = await issuedCode()
    const iat = claimsOf(issued.code).iat as number
    const revokeThrough = (through: number) =>
      env.DB.prepare('UPDATE people SET revoked_through = ? WHERE id = ?')
        .bind(through, issued.personId)
        .run()

    // A revocation before the code was issued does not touch it...
    await revokeThrough(iat - 1)
    expect((await verifyAt(gate, issued.code)).body.decision).toBe('pass')
    // ...one in the very second it was issued kills it.
    await revokeThrough(iat)
    await expectRefused(issued.code, 'CODE_REVOKED')
  })

  it('revoked person: known only from a feed entry', async () => {
    const issued = await issuedCode()
    await env.DB.prepare(
      "INSERT INTO feed_entries (at, kind, subject, revoked_through) VALUES (?, 'subject_revoked', ?, ?)",
    )
      .bind(now(), issued.subject, now() + 5)
      .run()
    await expectRefused(issued.code, 'CODE_REVOKED')
  })

  it('revoked jti', async () => {
    const issued = await issuedCode()
    const other = await issuedCode()
    const jti = claimsOf(issued.code).jti as string
    await env.DB.prepare(
      "INSERT INTO feed_entries (at, kind, jti, expires_at) VALUES (?, 'code_revoked', ?, ?)",
    )
      .bind(now(), jti, now() + 200)
      .run()
    await expectRefused(issued.code, 'CODE_REVOKED')
    expect((await verifyAt(gate, other.code)).body.decision).toBe('pass')
  })

  it('yellow (and red) where only green passes', async () => {
    const yellow = await expectRefused(
      (await issuedCode({ colour: 'yellow' })).code,
      'CODE_COLOUR_NOT_ALLOWED',
    )
    expect(yellow.colour).toBe('yellow')
    await expectRefused((await issuedCode({ colour: 'red' })).code, 'CODE_COLOUR_NOT_ALLOWED')
  })

  it('a printed pass at a checkpoint that refuses them', async () => {
    const noPaper = await seedGate({ acceptsPrinted: false })
    const resident = await seedResident()
    const person = await seedPerson(resident.accountId)
    const pass = await api<{ code: string }>(`/people/${person.personId}/printed-pass`, {
      token: resident.token,
      method: 'POST',
    })
    expect(pass.status).toBe(201)
    const answer = await expectRefused(pass.body.code, 'CODE_PRINTED_NOT_ACCEPTED', noPaper)
    expect(answer.kind).toBe('printed')
    expect((await verifyAt(gate, pass.body.code)).body).toMatchObject({
      decision: 'pass',
      kind: 'printed',
    })
  })

  it('a broken numeric QR text', async () => {
    await expectRefused('GG:/123', 'CODE_MALFORMED')
    await expectRefused('GG:/99', 'CODE_MALFORMED')
  })

  it('changes nothing stored, whatever it refuses', async () => {
    const before = await snapshotTables()
    await verifyAt(gate, await signTestCode({ header: { kid: 'nosuchkid' } }))
    await verifyAt(gate, 'garbage')
    await verifyAt(gate, await signTestCode({ claims: { col: 'r' } }))
    expect(await snapshotTables()).toEqual(before)
  })
})

describe('who may verify', () => {
  it('refuses callers without a device credential', async () => {
    const resident = await seedResident()
    for (const token of [undefined, resident.token, 'gd_unknownunknownunknown1']) {
      const res = await api('/verify', {
        body: { code: 'x' },
        ...(token === undefined ? {} : { token }),
      })
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('UNAUTHENTICATED')
    }
  })

  it("refuses a device naming another checkpoint's policy", async () => {
    const other = await seedCheckpoint({ allowedColours: ['green', 'yellow', 'red'] })
    const res = await api('/verify', {
      token: gate.credential,
      body: { code: 'x', checkpointId: other },
    })
    expect(res.status).toBe(403)
    expect(errorOf(res).code).toBe('FORBIDDEN')
    const own = await api('/verify', {
      token: gate.credential,
      body: { code: 'x', checkpointId: gate.checkpointId },
    })
    expect(own.status).toBe(200)
  })

  it('refuses a revoked device', async () => {
    const device = await seedDevice(gate.checkpointId)
    await env.DB.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?')
      .bind(now(), device.deviceId)
      .run()
    const res = await verifyAt(device, 'x')
    expect(res.status).toBe(401)
  })

  it('refuses an unknown or revoked device as such, whatever its body holds', async () => {
    const revoked = await seedDevice(gate.checkpointId)
    await env.DB.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?')
      .bind(now(), revoked.deviceId)
      .run()
    const issued = await issuedCode()
    const bodies = [
      { body: { code: issued.code } },
      { body: { code: 'garbage' } },
      { body: { code: issued.code, checkpointId: 'someoneelse' } },
      { body: { code: 'x', extra: true } },
      { body: {} },
      { rawBody: '{"code":' },
      { rawBody: JSON.stringify({ code: issued.code }), headers: { 'content-type': 'text/plain' } },
    ]
    for (const token of ['gd_unknownunknownunknown1', revoked.credential]) {
      for (const init of bodies) {
        const res = await api('/verify', { token, ...init })
        const what = JSON.stringify(init).slice(0, 60)
        expect(res.status, what).toBe(401)
        expect(errorOf(res).code, what).toBe('UNAUTHENTICATED')
      }
    }
  })

  it('answers bad bodies with 400s', async () => {
    const cases = [
      { body: {} },
      { body: { code: '' } },
      { body: { code: 42 } },
      { body: { code: 'x', extra: true } },
      { body: { code: 'x'.repeat(5000) } },
      { rawBody: '{"code":' },
    ]
    for (const init of cases) {
      const res = await api('/verify', { token: gate.credential, ...init })
      expect(res.status).toBe(400)
      expect(['VALIDATION_FAILED', 'MALFORMED_JSON']).toContain(errorOf(res).code)
    }
  })
})

describe('what a verification costs D1', () => {
  async function verifyCounting(
    token: string,
    body: unknown,
  ): Promise<{ status: number; calls: D1Call[] }> {
    const calls: D1Call[] = []
    const ctx = createExecutionContext()
    const res = await createApp().fetch(
      new Request('http://gg.test/verify', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { ...env, DB: recordingD1(env.DB, calls) },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return { status: res.status, calls }
  }

  it('one statement, the device check included, for a pass and for every refusal', async () => {
    const issued = await issuedCode()
    const revoked = await seedDevice(gate.checkpointId)
    await env.DB.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?')
      .bind(now(), revoked.deviceId)
      .run()
    // The first verification of a fresh database lists the secret's key in the table.
    expect((await verifyAt(gate, issued.code)).body.decision).toBe('pass')

    const cases: [string, unknown, number][] = [
      [gate.credential, { code: issued.code }, 200],
      [gate.credential, { code: issued.qrText }, 200],
      [gate.credential, { code: 'garbage' }, 200],
      [gate.credential, { code: await signTestCode({ header: { kid: 'nosuchkid' } }) }, 200],
      [gate.credential, { code: issued.code, checkpointId: 'someoneelse' }, 403],
      ['gd_unknownunknownunknown1', { code: issued.code }, 401],
      [revoked.credential, { code: issued.code }, 401],
    ]
    for (const [token, body, status] of cases) {
      const { status: got, calls } = await verifyCounting(token, body)
      const what = JSON.stringify(body).slice(0, 40)
      expect(got, what).toBe(status)
      expect(calls, what).toHaveLength(1)
      expect(calls.filter(isWrite), what).toEqual([])
    }
  })
})
