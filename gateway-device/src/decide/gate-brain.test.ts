import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { passEventOf } from '../daemon/lane-controller.ts'
import { Outbox } from '../outbox/outbox.ts'
import { outboxMigrations } from '../outbox/outbox-schema.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { FakeEdge } from '../sync/testing/fake-edge.ts'
import { GateBrain, type GateBrainOptions } from './gate-brain.ts'
import { createTestIssuer, type TestIssuer } from './testing/code-signer.ts'

const CREDENTIAL = 'gd_TestCredential0123456789'

describe('GateBrain', () => {
  let dir: ReturnType<typeof tempDir>
  let edge: FakeEdge
  let issuer: TestIssuer
  let brain: GateBrain | undefined

  function build(options: Partial<GateBrainOptions> = {}): GateBrain {
    brain = new GateBrain({
      storePath: join(dir.path, 'gate.db'),
      edge: { url: edge.url, credential: CREDENTIAL, timeoutMs: 2_000 },
      verification: { skewSeconds: 30, maxStalenessSeconds: 60, offlineMode: 'refuse' },
      laneGroups: new Map([[1, 'north']]),
      buildTimeMs: Date.UTC(2025, 0, 1),
      sync: { pollIntervalMs: 600_000, backoffInitialMs: 50, backoffMaxMs: 100 },
      logger: pino({ level: 'silent' }),
      ...options,
    })
    return brain
  }

  const scan = (text: string) => ({ lane: 1, source: 'test', text, receivedAt: 0 })

  beforeEach(async () => {
    dir = tempDir()
    issuer = createTestIssuer('gg', 'k1')
    edge = new FakeEdge({ credential: CREDENTIAL, issuer: 'gg', jwks: issuer.jwks() })
    await edge.start()
  })
  afterEach(async () => {
    await brain?.stop()
    brain = undefined
    await edge.stop()
    dir.remove()
  })

  it('rebuilds a corrupt cache file from the edge, refusing as offline until then', async () => {
    writeFileSync(join(dir.path, 'gate.db'), Buffer.alloc(8_192, 0x42))
    edge.failWith = 503
    const b = build()
    await b.start()
    expect(b.store.fileState).toBe('rebuilt')
    expect(b.status.alarms).toContain('cache-rebuilding')
    expect(b.decide(scan(issuer.code())).reason).toBe('GATE_CACHE_STALE')

    edge.failWith = undefined
    await vi.waitFor(() => expect(b.status.sync.cacheState).toBe('ready'), { timeout: 5_000 })
    await vi.waitFor(() => expect(b.status.stale).toBe(false), { timeout: 5_000 })
    expect(b.status.alarms).toEqual([])
    expect(b.decide(scan(issuer.code())).reason).toBe('OK')
  })

  it('passes a code, refuses it again by anti-passback, and refuses it once revoked', async () => {
    const b = build()
    await b.start()
    await vi.waitFor(() => expect(b.status.stale).toBe(false), { timeout: 5_000 })
    await vi.waitFor(() => expect(b.status.sync.connected).toBe(true), { timeout: 5_000 })

    const now = Math.floor(Date.now() / 1000)
    const token = issuer.code({ sub: 'Person0000000001', iat: now - 5 })
    expect(b.decide(scan(token)).reason).toBe('OK')
    expect(b.decide(scan(token)).reason).toBe('GATE_ANTI_PASSBACK')

    edge.append([{ kind: 'subject_revoked', subject: 'Person0000000001', revokedThrough: now }])
    await vi.waitFor(() => expect(b.revocations.revokedThrough('Person0000000001')).toBe(now), {
      timeout: 2_000,
      interval: 10,
    })
    expect(b.decide(scan(token)).reason).toBe('CODE_REVOKED')
  })

  it('keeps deciding from its cache across a restart with the edge gone', async () => {
    const first = build()
    await first.start()
    await vi.waitFor(() => expect(first.status.stale).toBe(false), { timeout: 5_000 })
    edge.append([
      { kind: 'subject_revoked', subject: 'Person0000000002', revokedThrough: 2_000_000_000 },
    ])
    await vi.waitFor(() => expect(first.status.sync.feedSeq).toBe(1), { timeout: 5_000 })
    await first.stop()

    edge.failWith = 503
    const second = build({
      verification: { skewSeconds: 30, maxStalenessSeconds: 60, offlineMode: 'refuse' },
    })
    await second.start()
    expect(second.store.fileState).toBe('opened')
    expect(second.status.stale).toBe(false)
    expect(second.decide(scan(issuer.code({ sub: 'Person0000000002' }))).reason).toBe(
      'CODE_REVOKED',
    )
    expect(second.decide(scan(issuer.code({ sub: 'Person0000000003' }))).reason).toBe('OK')
  })

  it('refuses a code passed just before a crash: the pass is remembered when recorded', async () => {
    const first = build({ migrations: [outboxMigrations] })
    await first.start()
    await vi.waitFor(() => expect(first.status.stale).toBe(false), { timeout: 5_000 })
    await vi.waitFor(() => expect(first.status.clock.offsetMs).toBeDefined(), { timeout: 5_000 })
    const outbox = new Outbox({
      store: first.store,
      maxRows: 100,
      maxBytes: 1_000_000,
      alarmAtFraction: 0.8,
      withPass: (event) => first.rememberPass(event),
      logger: pino({ level: 'silent' }),
    })
    outbox.start()
    const token = issuer.code({ sub: 'Crashed000000001' })
    const decision = first.decide(scan(token))
    expect(decision.reason).toBe('OK')
    outbox.record(passEventOf(decision, 'pass-before-the-crash'))

    try {
      // No stop: a second process opens the file as the first one left it.
      const second = build({ migrations: [outboxMigrations] })
      await second.start()
      await vi.waitFor(() => expect(second.status.stale).toBe(false), { timeout: 5_000 })
      expect(second.decide(scan(token)).reason).toBe('GATE_ANTI_PASSBACK')
      expect(second.decide(scan(issuer.code({ sub: 'Crashed000000002' }))).reason).toBe('OK')
    } finally {
      outbox.stop()
      await first.stop()
    }
  })
})
