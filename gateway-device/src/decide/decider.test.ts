import { createPublicKey, type KeyObject } from 'node:crypto'
import {
  checkpointPolicySchema,
  encodeCodeAsDigits,
  type CheckpointPolicy,
  type TrustedIssuer,
} from '@greengate/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Scan } from '../scanners/scan-source.ts'
import { packRecords, RevocationIndex } from '../store/revocation-index.ts'
import { Decider } from './decider.ts'
import type { VerificationSettings } from './decision.ts'
import { createTestIssuer, type TestIssuer } from './testing/code-signer.ts'

const NOW = 1_800_000_000

interface Rig {
  decider: Decider
  issuer: TestIssuer
  revocations: RevocationIndex
  clock: { now(): number; trusted: boolean; t: number }
  freshness: { age: number | null; cacheAgeSeconds(): number | null }
  policy: { policy: CheckpointPolicy }
  mono: { t: number }
}

interface RigOptions {
  verification?: Partial<VerificationSettings>
  retired?: string[]
  /** The skew the edge's config asks for; none when absent. */
  edgeSkewSeconds?: number
  /** The gate config's skew; null leaves it out. Default 30. */
  configSkewSeconds?: number | null
}

function rig(options: RigOptions = {}): Rig {
  const issuer = createTestIssuer('gg', 'k1')
  const issuers = new Map<string, TrustedIssuer<KeyObject>>([
    [
      'gg',
      {
        iss: 'gg',
        keys: new Map([['k1', createPublicKey({ key: { ...issuer.jwk }, format: 'jwk' })]]),
        retiredKids: new Set(options.retired ?? []),
      },
    ],
  ])
  const revocations = new RevocationIndex()
  const clock = {
    t: NOW,
    trusted: true,
    now() {
      return this.t
    },
  }
  const freshness = {
    age: 5 as number | null,
    cacheAgeSeconds() {
      return this.age
    },
  }
  const policy = {
    policy: checkpointPolicySchema.parse({ antiPassbackSeconds: 30 }),
    ...(options.edgeSkewSeconds === undefined ? {} : { skewSeconds: options.edgeSkewSeconds }),
  }
  const configSkew = options.configSkewSeconds === undefined ? 30 : options.configSkewSeconds
  const mono = { t: 1_000 }
  const decider = new Decider({
    keys: { issuers },
    revocations,
    clock,
    freshness,
    policy,
    verification: {
      ...(configSkew === null ? {} : { skewSeconds: configSkew }),
      maxStalenessSeconds: 900,
      offlineMode: 'refuse',
      ...options.verification,
    },
    laneGroups: new Map([
      [1, 'north'],
      [2, 'north'],
      [3, 'south'],
    ]),
    monotonicMs: () => mono.t,
  })
  return { decider, issuer, revocations, clock, freshness, policy, mono }
}

function scan(text: string, lane = 1, problem?: Scan['problem']): Scan {
  return {
    lane,
    source: 'test',
    text,
    receivedAt: 0,
    ...(problem === undefined ? {} : { problem }),
  }
}

function code(
  r: Rig,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): string {
  return r.issuer.code({ iat: NOW - 10, exp: NOW + 300, ...claims }, header)
}

describe('Decider', () => {
  let r: Rig
  beforeEach(() => {
    r = rig()
  })

  it('passes a fresh green code and reports subject, code id, colour and time', () => {
    const d = r.decider.decide(scan(code(r)))
    expect(d).toMatchObject({
      decision: 'pass',
      reason: 'OK',
      lane: 1,
      subject: 'Sub0000000000001',
      jti: 'jti000000001',
      colour: 'green',
      at: NOW * 1000,
      staleAlarm: false,
    })
    expect(d.nameMasked).toBeUndefined()
  })

  it('passes a code scanned in its numeric QR form', () => {
    expect(r.decider.decide(scan(encodeCodeAsDigits(code(r)))).reason).toBe('OK')
  })

  it('shows the masked name only where the checkpoint is staffed', () => {
    const token = code(r, { nm: '张*明' })
    expect(r.decider.decide(scan(token, 1)).nameMasked).toBeUndefined()
    r.policy.policy = { ...r.policy.policy, staffed: true }
    expect(r.decider.decide(scan(token, 3)).nameMasked).toBe('张*明')
  })

  it.each([
    ['SCAN_NOT_UTF8', 'not_utf8'],
    ['SCAN_TOO_LONG', 'too_long'],
  ] as const)('refuses with %s for a scan the reader flagged', (reason, problem) => {
    const d = r.decider.decide(scan('whatever', 1, problem))
    expect(d).toMatchObject({ decision: 'refuse', reason })
    expect(d.subject).toBeUndefined()
  })

  it.each([
    ['CODE_NOT_A_CODE', () => 'https://example.org/not-a-code'],
    ['CODE_MALFORMED', (x: Rig) => `${code(x).split('.')[0]}.e30.AAAA`],
    ['CODE_MALFORMED', () => 'GG:/0102030'],
    ['CODE_TOO_LONG', () => `ey${'A'.repeat(600)}.a.b`],
    ['CODE_ALG_NOT_ALLOWED', (x: Rig) => code(x, {}, { alg: 'none' })],
    ['CODE_ALG_NOT_ALLOWED', (x: Rig) => code(x, {}, { alg: 'HS256' })],
    ['CODE_WRONG_TYPE', (x: Rig) => code(x, {}, { typ: 'JWT' })],
    ['CODE_WRONG_ISSUER', (x: Rig) => code(x, { iss: 'elsewhere' })],
    ['CODE_UNKNOWN_KEY', (x: Rig) => code(x, {}, { kid: 'k9' })],
    ['CODE_EXPIRED', (x: Rig) => code(x, { iat: NOW - 400, exp: NOW - 31 })],
    ['CODE_NOT_YET_VALID', (x: Rig) => code(x, { iat: NOW + 31, exp: NOW + 400 })],
    ['CODE_LIFETIME_TOO_LONG', (x: Rig) => code(x, { iat: NOW - 10, exp: NOW + 86_400 })],
    ['CODE_COLOUR_NOT_ALLOWED', (x: Rig) => code(x, { col: 'y' })],
    ['CODE_COLOUR_NOT_ALLOWED', (x: Rig) => code(x, { col: 'r' })],
  ] as const)('refuses with %s', (reason, make) => {
    expect(r.decider.decide(scan(make(r)))).toMatchObject({ decision: 'refuse', reason })
  })

  it('refuses with CODE_BAD_SIGNATURE a code signed by another key under our kid', () => {
    const forger = createTestIssuer('gg', 'k1')
    const d = r.decider.decide(scan(forger.code({ iat: NOW - 10, exp: NOW + 300 })))
    expect(d).toMatchObject({ decision: 'refuse', reason: 'CODE_BAD_SIGNATURE' })
    expect(d.subject).toBeUndefined()
  })

  it('refuses with CODE_BAD_SIGNATURE a genuine code whose claims were edited', () => {
    const [header, , signature] = code(r).split('.')
    const [, payload] = code(r, { col: 'g', sub: 'Someone0Else0001' }).split('.')
    expect(r.decider.decide(scan(`${header}.${payload}.${signature}`)).reason).toBe(
      'CODE_BAD_SIGNATURE',
    )
  })

  it('refuses with CODE_KEY_RETIRED a code from a retired key', () => {
    const x = rig({ retired: ['k0'] })
    expect(x.decider.decide(scan(code(x, {}, { kid: 'k0' }))).reason).toBe('CODE_KEY_RETIRED')
  })

  it('refuses with CODE_PRINTED_NOT_ACCEPTED a printed pass where policy says so', () => {
    const printed = code(r, {}, { typ: 'ggp' })
    expect(r.decider.decide(scan(printed, 1)).reason).toBe('OK')
    r.policy.policy = { ...r.policy.policy, acceptsPrinted: false }
    expect(r.decider.decide(scan(printed, 3)).reason).toBe('CODE_PRINTED_NOT_ACCEPTED')
  })

  it('refuses with CODE_REVOKED a code of a person revoked after it was issued', () => {
    const token = code(r, { iat: NOW - 10 })
    const records = packRecords([{ id: 'Sub0000000000001', value: NOW - 10 }])
    r.revocations.apply('subject', records, 1)
    const d = r.decider.decide(scan(token))
    expect(d).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
      subject: 'Sub0000000000001',
    })
    expect(r.decider.decide(scan(code(r, { iat: NOW - 9 }))).reason).toBe('OK')
  })

  it('refuses with CODE_REVOKED a single revoked code id', () => {
    r.revocations.apply('code', packRecords([{ id: 'jti000000001', value: NOW + 300 }]), 1)
    expect(r.decider.decide(scan(code(r))).reason).toBe('CODE_REVOKED')
    expect(r.decider.decide(scan(code(r, { jti: 'jti000000002' }))).reason).toBe('OK')
  })

  it('accepts a code just inside the skew on either side', () => {
    expect(r.decider.decide(scan(code(r, { iat: NOW + 29, exp: NOW + 400 }), 1)).reason).toBe('OK')
    expect(r.decider.decide(scan(code(r, { iat: NOW - 400, exp: NOW - 29 }), 3)).reason).toBe('OK')
  })

  it('uses the edge’s skew unless the config names one', () => {
    const early = (x: Rig) => scan(code(x, { iat: NOW + 10, exp: NOW + 400 }))
    const fromEdge = rig({ edgeSkewSeconds: 5, configSkewSeconds: null })
    expect(fromEdge.decider.decide(early(fromEdge)).reason).toBe('CODE_NOT_YET_VALID')
    const overridden = rig({ edgeSkewSeconds: 5, configSkewSeconds: 30 })
    expect(overridden.decider.decide(early(overridden)).reason).toBe('OK')
    const neither = rig({ configSkewSeconds: null })
    expect(neither.decider.decide(early(neither)).reason).toBe('OK')
  })

  it('refuses with GATE_CLOCK_UNTRUSTED whatever the code while the clock is untrusted', () => {
    r.clock.trusted = false
    expect(r.decider.decide(scan(code(r))).reason).toBe('GATE_CLOCK_UNTRUSTED')
  })

  describe('anti-passback', () => {
    it('refuses the same person at the same lane group within the window', () => {
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
      r.mono.t += 29_000
      const again = r.decider.decide(scan(code(r, { jti: 'jti000000002' }), 2))
      expect(again).toMatchObject({
        decision: 'refuse',
        reason: 'GATE_ANTI_PASSBACK',
        subject: 'Sub0000000000001',
      })
    })

    it('passes the same person again once the window has passed', () => {
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
      r.mono.t += 30_000
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })

    it('passes the same person at another lane group', () => {
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
      expect(r.decider.decide(scan(code(r), 3)).reason).toBe('OK')
    })

    it('does not count a refused scan as a passage', () => {
      expect(r.decider.decide(scan(code(r, { col: 'r' }), 1)).reason).toBe(
        'CODE_COLOUR_NOT_ALLOWED',
      )
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })

    it('a refusal by anti-passback does not extend the window', () => {
      r.decider.decide(scan(code(r), 1))
      r.mono.t += 20_000
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('GATE_ANTI_PASSBACK')
      r.mono.t += 10_000
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })

    it('is off when the policy window is zero', () => {
      r.policy.policy = { ...r.policy.policy, antiPassbackSeconds: 0 }
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })
  })

  describe('anti-passback restored after a restart', () => {
    const sub = 'Sub0000000000001'

    it('refuses a person who passed before the restart, by the wall-clock age of the pass', () => {
      r.decider.restore([{ group: 'north', subject: sub, passedAtMs: NOW * 1000 - 20_000 }])
      expect(r.decider.decide(scan(code(r), 2)).reason).toBe('GATE_ANTI_PASSBACK')
      r.mono.t += 9_999
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('GATE_ANTI_PASSBACK')
      r.mono.t += 1
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })

    it('passes restored people at another group, or whose window is over', () => {
      r.decider.restore([
        { group: 'north', subject: 'Sub00000000000A1', passedAtMs: NOW * 1000 - 30_000 },
        { group: 'south', subject: 'Sub00000000000B1', passedAtMs: NOW * 1000 - 1_000 },
      ])
      expect(r.decider.decide(scan(code(r, { sub: 'Sub00000000000A1' }), 1)).reason).toBe('OK')
      expect(r.decider.decide(scan(code(r, { sub: 'Sub00000000000B1' }), 1)).reason).toBe('OK')
      expect(r.decider.decide(scan(code(r, { sub: 'Sub00000000000B1' }), 3)).reason).toBe(
        'GATE_ANTI_PASSBACK',
      )
    })

    it('counts a restored pass from the future (the clock stepped back) as just now', () => {
      r.decider.restore([{ group: 'north', subject: sub, passedAtMs: NOW * 1000 + 3_600_000 }])
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('GATE_ANTI_PASSBACK')
      r.mono.t += 29_999
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('GATE_ANTI_PASSBACK')
      r.mono.t += 1
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })

    it('ages restored passes by the clock of the first trusted decision, not the untrusted', () => {
      r.decider.restore([{ group: 'north', subject: sub, passedAtMs: NOW * 1000 - 20_000 }])
      r.clock.trusted = false
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('GATE_CLOCK_UNTRUSTED')

      // The edge then sets the clock 15 s later than the system clock had it.
      r.clock.trusted = true
      r.clock.t = NOW + 15
      expect(r.decider.decide(scan(code(r), 1)).reason).toBe('OK')
    })
  })

  describe('staleness', () => {
    it('refuses with GATE_CACHE_STALE past the maximum staleness in refuse mode', () => {
      r.freshness.age = 901
      expect(r.decider.decide(scan(code(r)))).toMatchObject({
        decision: 'refuse',
        reason: 'GATE_CACHE_STALE',
      })
    })

    it('refuses with GATE_CACHE_STALE while the cache has never synced (rebuilding)', () => {
      r.freshness.age = null
      expect(r.decider.decide(scan(code(r))).reason).toBe('GATE_CACHE_STALE')
    })

    it('decides at exactly the maximum staleness', () => {
      r.freshness.age = 900
      expect(r.decider.decide(scan(code(r)))).toMatchObject({ reason: 'OK', staleAlarm: false })
    })

    it('keeps deciding and raises the alarm in decide-and-alarm mode', () => {
      const x = rig({ verification: { offlineMode: 'decide-and-alarm' } })
      x.freshness.age = 5_000
      expect(x.decider.decide(scan(code(x), 1))).toMatchObject({
        decision: 'pass',
        reason: 'OK',
        staleAlarm: true,
      })
      expect(x.decider.decide(scan(code(x, { col: 'r' }), 3))).toMatchObject({
        decision: 'refuse',
        reason: 'CODE_COLOUR_NOT_ALLOWED',
        staleAlarm: true,
      })
    })
  })

  it('never throws on hostile input', () => {
    const inputs = ['', '.', '..', 'ey.ey.ey', '\u0000\uffff', 'GG:/', 'GG:/99', 'a'.repeat(10_000)]
    for (const text of inputs) {
      expect(r.decider.decide(scan(text)).decision).toBe('refuse')
    }
  })
})
