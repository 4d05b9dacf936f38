import { createHmac, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encodeBase64url } from '../base64url.ts'
import { makeTestKey, signCode, validClaims } from '../../test/code-signer.ts'
import { MAX_PHONE_CODE_LIFETIME_SECONDS, MAX_PRINTED_PASS_LIFETIME_SECONDS } from './claims.ts'
import { encodeCodeAsDigits, codeFromScannedText } from './qr-text.ts'
import {
  verifyCode,
  verifyCodeSync,
  type RevocationView,
  type TrustedIssuer,
  type VerifyContext,
} from './verify.ts'

const now = 1_796_300_000
const key = makeTestKey('k1')
const header = { alg: 'ES256', kid: 'k1', typ: 'ggc' }
const noRevocations: RevocationView = { revokedThrough: () => 0, isCodeRevoked: () => false }

function context(overrides: Partial<VerifyContext<KeyObject>> = {}): VerifyContext<KeyObject> {
  const issuer: TrustedIssuer<KeyObject> = {
    iss: '330110',
    keys: new Map([['k1', key.publicKey]]),
    retiredKids: new Set(['old']),
  }
  return {
    issuers: new Map([['330110', issuer]]),
    revocations: noRevocations,
    now,
    skewSeconds: 5,
    policy: { allowedColours: ['green'], acceptsPrinted: true },
    ...overrides,
  }
}

const check = (k: KeyObject, input: Uint8Array, sig: Uint8Array) =>
  cryptoVerify('sha256', input, { key: k, dsaEncoding: 'ieee-p1363' }, sig)

const reasonOf = (token: string, ctx = context()) => {
  const decision = verifyCodeSync(token, ctx, check)
  return decision.ok ? 'OK' : decision.reason
}

describe('verifyCode', () => {
  it('passes a fresh green code and returns its claims', async () => {
    const token = signCode(key, header, validClaims(now))
    const decision = await verifyCode(token, context(), check)
    expect(decision).toMatchObject({
      ok: true,
      kind: 'phone',
      colour: 'green',
      claims: { sub: 'Xa9kLm3Qp0Z' },
    })
  })

  it('keeps a typical code under 300 characters', () => {
    const token = signCode(
      key,
      { alg: 'ES256', kid: 'a1b2', typ: 'ggp' },
      validClaims(now, { nm: '欧*明' }),
    )
    expect(token.length).toBeLessThan(300)
  })

  it('refuses each kind of bad code with its own reason', () => {
    const good = signCode(key, header, validClaims(now))
    const [h, p, s] = good.split('.') as [string, string, string]
    const other = makeTestKey('k1')
    const hs256 = (() => {
      const input = `${encodeBase64url(Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1', typ: 'ggc' })))}.${p}`
      const pub = key.publicKey.export({ format: 'pem', type: 'spki' })
      return `${input}.${encodeBase64url(createHmac('sha256', pub).update(input).digest())}`
    })()
    const cases: Array<[string, string]> = [
      ['https://example.com/promo?id=1', 'CODE_NOT_A_CODE'],
      ['', 'CODE_NOT_A_CODE'],
      [`${h}.${p}`, 'CODE_MALFORMED'],
      [`${h}.${p}.${s.slice(0, 40)}`, 'CODE_MALFORMED'],
      [`${h}.${p.slice(0, -7)}.${s}`, 'CODE_MALFORMED'],
      [good + 'A'.repeat(600), 'CODE_TOO_LONG'],
      [
        `${encodeBase64url(Buffer.from('{"alg":"none","kid":"k1","typ":"ggc"}'))}.${p}.`,
        'CODE_ALG_NOT_ALLOWED',
      ],
      [hs256, 'CODE_ALG_NOT_ALLOWED'],
      [signCode(key, { alg: 'ES256', kid: 'k1', typ: 'JWT' }, validClaims(now)), 'CODE_WRONG_TYPE'],
      [signCode(key, { alg: 'ES256', kid: 'k1' }, validClaims(now)), 'CODE_WRONG_TYPE'],
      [signCode(key, header, validClaims(now, { iss: '330106' })), 'CODE_WRONG_ISSUER'],
      [signCode(key, { ...header, kid: 'k9' }, validClaims(now)), 'CODE_UNKNOWN_KEY'],
      [signCode(key, { ...header, kid: 'old' }, validClaims(now)), 'CODE_KEY_RETIRED'],
      [signCode(other, header, validClaims(now)), 'CODE_BAD_SIGNATURE'],
      [signCode(key, header, validClaims(now, { iat: now - 400, exp: now - 10 })), 'CODE_EXPIRED'],
      [
        signCode(key, header, validClaims(now, { iat: now + 60, exp: now + 240 })),
        'CODE_NOT_YET_VALID',
      ],
      [signCode(key, header, validClaims(now, { col: 'y' })), 'CODE_COLOUR_NOT_ALLOWED'],
      [signCode(key, header, validClaims(now, { extra: 'x' })), 'CODE_MALFORMED'],
    ]
    for (const [token, reason] of cases)
      expect([token.slice(0, 30), reasonOf(token)]).toEqual([token.slice(0, 30), reason])
  })

  it('tolerates clock skew up to the configured seconds', () => {
    const early = signCode(key, header, validClaims(now, { iat: now + 4, exp: now + 184 }))
    const late = signCode(key, header, validClaims(now, { iat: now - 184, exp: now - 4 }))
    expect(reasonOf(early)).toBe('OK')
    expect(reasonOf(late)).toBe('OK')
    expect(reasonOf(late, context({ skewSeconds: 0 }))).toBe('CODE_EXPIRED')
  })

  it('refuses codes issued at or before a revocation, and a revoked jti', () => {
    const token = signCode(key, header, validClaims(now - 10, { exp: now + 170 }))
    const revokedAt = (t: number): RevocationView => ({
      revokedThrough: () => t,
      isCodeRevoked: () => false,
    })
    expect(reasonOf(token, context({ revocations: revokedAt(now - 10) }))).toBe('CODE_REVOKED')
    expect(reasonOf(token, context({ revocations: revokedAt(now - 11) }))).toBe('OK')
    const jtiRevoked: RevocationView = {
      revokedThrough: () => 0,
      isCodeRevoked: (jti) => jti === 'pQ3kZ9mA',
    }
    expect(reasonOf(token, context({ revocations: jtiRevoked }))).toBe('CODE_REVOKED')
  })

  it('lets a checkpoint refuse printed passes', () => {
    const printed = signCode(key, { ...header, typ: 'ggp' }, validClaims(now))
    expect(reasonOf(printed)).toBe('OK')
    expect(
      reasonOf(printed, context({ policy: { allowedColours: ['green'], acceptsPrinted: false } })),
    ).toBe('CODE_PRINTED_NOT_ACCEPTED')
  })

  it('recognises a neighbouring district by its own keys', () => {
    const xihu = makeTestKey('x1')
    const ctx = context()
    const issuers = new Map(ctx.issuers)
    issuers.set('330106', {
      iss: '330106',
      keys: new Map([['x1', xihu.publicKey]]),
      retiredKids: new Set(),
    })
    const token = signCode(xihu, { ...header, kid: 'x1' }, validClaims(now, { iss: '330106' }))
    expect(reasonOf(token, { ...ctx, issuers })).toBe('OK')
    expect(reasonOf(token)).toBe('CODE_WRONG_ISSUER')
  })

  describe('lifetime cap', () => {
    const xihu = makeTestKey('x1')
    const withNeighbour = (() => {
      const ctx = context()
      const issuers = new Map(ctx.issuers)
      issuers.set('330106', {
        iss: '330106',
        keys: new Map([['x1', xihu.publicKey]]),
        retiredKids: new Set(),
      })
      return { ...ctx, issuers }
    })()
    const neighbourCode = (typ: string, lifetime: number, iat = now - 60) =>
      signCode(
        xihu,
        { alg: 'ES256', kid: 'x1', typ },
        validClaims(now, { iss: '330106', iat, exp: iat + lifetime }),
      )

    it("refuses a neighbour's phone code signed to live longer than an hour", async () => {
      const yearLong = neighbourCode('ggc', 365 * 86_400)
      expect(reasonOf(yearLong, withNeighbour)).toBe('CODE_LIFETIME_TOO_LONG')
      expect(
        reasonOf(neighbourCode('ggc', MAX_PHONE_CODE_LIFETIME_SECONDS + 1), withNeighbour),
      ).toBe('CODE_LIFETIME_TOO_LONG')
      expect(reasonOf(neighbourCode('ggc', MAX_PHONE_CODE_LIFETIME_SECONDS), withNeighbour)).toBe(
        'OK',
      )
      // The online path (async signature check) says the same.
      expect(await verifyCode(yearLong, withNeighbour, check)).toMatchObject({
        ok: false,
        reason: 'CODE_LIFETIME_TOO_LONG',
        kind: 'phone',
      })
    })

    it('caps printed passes at the printed-pass lifetime, not the phone one', () => {
      const printed = (lifetime: number) => neighbourCode('ggp', lifetime)
      expect(reasonOf(printed(MAX_PRINTED_PASS_LIFETIME_SECONDS), withNeighbour)).toBe('OK')
      expect(reasonOf(printed(MAX_PRINTED_PASS_LIFETIME_SECONDS + 1), withNeighbour)).toBe(
        'CODE_LIFETIME_TOO_LONG',
      )
      // A phone code cannot borrow a pass's lifetime.
      expect(reasonOf(neighbourCode('ggc', 7 * 86_400), withNeighbour)).toBe(
        'CODE_LIFETIME_TOO_LONG',
      )
    })

    it('refuses an over-long code from our own issuer too, before its time is judged', () => {
      const ours = signCode(key, header, validClaims(now, { iat: now - 10, exp: now + 86_400 }))
      expect(reasonOf(ours)).toBe('CODE_LIFETIME_TOO_LONG')
      const alreadyOver = signCode(key, header, validClaims(now, { iat: now - 7200, exp: now - 5 }))
      expect(reasonOf(alreadyOver)).toBe('CODE_LIFETIME_TOO_LONG')
    })
  })
})

describe('QR numeric form', () => {
  it('round-trips a code through digits', () => {
    const token = signCode(key, header, validClaims(now))
    const digits = encodeCodeAsDigits(token)
    expect(digits).toMatch(/^GG:\/[0-9]+$/)
    expect(codeFromScannedText(digits)).toBe(token)
    expect(codeFromScannedText(` ${token}\r\n`)).toBe(token)
  })

  it('rejects broken digit strings', () => {
    expect(codeFromScannedText('GG:/123')).toBeNull()
    expect(codeFromScannedText('GG:/99')).toBeNull()
    expect(codeFromScannedText('GG:/12a4')).toBeNull()
  })
})
