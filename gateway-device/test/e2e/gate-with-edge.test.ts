// End to end: the real Worker (wrangler dev, local D1) and the real gate daemon together.
// The steps run in order and share one edge and one gate, as a checkpoint's day would.
import type { IssuedCode } from '@greengate/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimulatedHardware } from '../../src/daemon/testing/simulated-hardware.ts'
import type { LaneResult } from '../../src/feedback/lane-result.ts'
import { waitUntil } from '../peers/wait-until.ts'
import { startEdgeWorld, type EdgeWorld, type Resident } from './edge-world.ts'
import { startGate, untilReady, type GateUnderTest } from './gate-under-test.ts'

const LANE = 1
/** Longer than the whole file, so every repeat scan of a person meets anti-passback. */
const ANTI_PASSBACK_SECONDS = 600
/** The issue says "within seconds"; the push channel should make it about one. */
const REVOCATION_LIMIT_MS = 10_000

describe('the gate daemon against the real edge Worker', () => {
  let world: EdgeWorld | undefined
  let gate: GateUnderTest | undefined
  let wang: Resident
  let li: Resident
  let zhao: Resident
  /** Fetched before Wang is revoked, and scanned after. */
  let wangEarlyCode: IssuedCode
  /** Fetched before the edge stops, scanned by a gate restarted while it is down. */
  let zhaoCode: IssuedCode

  const theWorld = () => world as EdgeWorld
  const theGate = () => gate as GateUnderTest

  beforeAll(async () => {
    world = await startEdgeWorld({ antiPassbackSeconds: ANTI_PASSBACK_SECONDS })
    wang = await world.approvedResident('王小明')
    li = await world.approvedResident('李华')
    zhao = await world.approvedResident('赵敏')
    gate = await startGate({
      edgeUrl: world.edge.url,
      credential: world.deviceCredential,
      hardware: new SimulatedHardware(),
      lanes: [
        {
          id: LANE,
          group: 'entrance',
          sources: [{ type: 'lines', path: 'stdin' }],
          relay: { driver: 'simulated', channel: 1, pulseMs: 100 },
          feedback: 'screen',
        },
      ],
    })
    await untilReady(gate)
  }, 180_000)

  afterAll(async () => {
    await gate?.stop()
    await world?.dispose()
  }, 30_000)

  it("opens the lane for a resident's fresh code, as the phone page shows it", async () => {
    const code = await theWorld().currentCode(wang)

    const result = await theGate().scan(LANE, code.qrText)

    expect(result).toMatchObject({ verdict: 'pass', reason: 'OK', nameMasked: code.nameMasked })
    await waitUntil(() => theGate().relayMoves(LANE).length === 2, 'the pulse to end', 5_000)
    expect(theGate().relayMoves(LANE)).toEqual([true, false])
  })

  it('refuses the same code again by anti-passback, and moves nothing', async () => {
    const code = await theWorld().currentCode(wang)

    const result = await theGate().scan(LANE, code.qrText)

    expect(result).toMatchObject({ verdict: 'refuse', reason: 'GATE_ANTI_PASSBACK' })
    expect(theGate().relayMoves(LANE)).toEqual([true, false])
  })

  it('refuses a code fresh before the revocation within seconds, without a restart', async () => {
    const gate = theGate()
    const daemon = gate.daemon
    wangEarlyCode = await theWorld().currentCode(wang)
    expect(daemon.brain.status.sync.connected).toBe(true)

    const revokedAt = performance.now()
    await theWorld().revoke(wang)
    // Scan the early code until the revocation shows; before it, anti-passback refuses it.
    const before: LaneResult[] = []
    let refusal: LaneResult | undefined
    while (refusal === undefined && performance.now() - revokedAt < REVOCATION_LIMIT_MS) {
      const result = await gate.scan(LANE, wangEarlyCode.qrText)
      if (result.reason === 'CODE_REVOKED') refusal = result
      else before.push(result)
      if (refusal === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const latencyMs = performance.now() - revokedAt

    expect(refusal).toMatchObject({ verdict: 'refuse', reason: 'CODE_REVOKED' })
    expect(before.map((result) => result.reason)).toEqual(before.map(() => 'GATE_ANTI_PASSBACK'))
    expect(latencyMs).toBeLessThan(REVOCATION_LIMIT_MS)
    expect(daemon.state).toBe('running')
    expect(gate.relayMoves(LANE)).toEqual([true, false])
    const ms = Math.round(latencyMs)
    console.info(`revocation to refusal: ${ms} ms, ${before.length} scan(s) before it`)
  })

  it('keeps deciding from its cache with the edge stopped, holding the records', async () => {
    const gate = theGate()
    const { outbox, uploader } = gate.daemon
    await waitUntil(() => outbox.state().rows === 0, 'the online records to go up', 10_000)
    const liCode = await theWorld().currentCode(li)
    zhaoCode = await theWorld().currentCode(zhao)

    await theWorld().edge.stop()
    await waitUntil(() => !gate.daemon.brain.status.sync.connected, 'the push channel to drop')

    const pass = await gate.scan(LANE, liCode.qrText)
    const refusal = await gate.scan(LANE, wangEarlyCode.qrText)

    expect(pass).toMatchObject({ verdict: 'pass', reason: 'OK', nameMasked: liCode.nameMasked })
    expect(refusal).toMatchObject({ verdict: 'refuse', reason: 'CODE_REVOKED' })
    await waitUntil(() => gate.relayMoves(LANE).length === 4, 'the offline pulse to end', 5_000)
    expect(gate.relayMoves(LANE)).toEqual([true, false, true, false])
    await waitUntil(() => uploader.status().consecutiveFailures > 0, 'an upload to fail', 5_000)
    expect(outbox.state().rows).toBe(2)
  })

  it('starts again with the edge still down, deciding from the cache it stored', async () => {
    const gate = theGate()
    const kept = gate.daemon.outbox.state().rows

    await gate.restart()

    const { sync, clock, stale } = gate.daemon.brain.status
    expect({ cache: sync.cacheState, stale, clockTrusted: clock.trusted }).toEqual({
      cache: 'ready',
      stale: false,
      clockTrusted: true,
    })
    const refusal = await gate.scan(LANE, wangEarlyCode.qrText)
    const pass = await gate.scan(LANE, zhaoCode.qrText)
    expect(refusal).toMatchObject({ verdict: 'refuse', reason: 'CODE_REVOKED' })
    expect(pass).toMatchObject({ verdict: 'pass', reason: 'OK', nameMasked: zhaoCode.nameMasked })
    expect(gate.daemon.outbox.state().rows).toBe(kept + 2)
  })

  it('uploads every record exactly once when the edge is back', async () => {
    const gate = theGate()
    const { outbox, uploader } = gate.daemon
    const waiting = outbox.state().rows

    await theWorld().edge.restart()

    await waitUntil(() => outbox.state().rows === 0, 'the outbox to empty', 20_000)
    const results = gate.results
    expect(results.filter((result) => result.verdict === 'fault')).toEqual([])
    const stats = await theWorld().stats()
    const passes = stats.passesPerHour
      .filter((row) => row.checkpointId === theWorld().checkpointId)
      .reduce((sum, row) => sum + row.passes, 0)
    expect(passes).toBe(results.filter((result) => result.verdict === 'pass').length)
    expect(stats.devices).toEqual({ enrolled: 1, online: 1 }) // its heartbeats arrive
    expect(byReason(stats.refusals)).toEqual(
      byReason(countReasons(results.filter((result) => result.verdict === 'refuse'))),
    )
    // This daemon started with the edge down: all it uploaded is what was waiting, once.
    expect(uploader.status()).toMatchObject({ uploaded: waiting, duplicates: 0 })
    await waitUntil(() => gate.daemon.brain.status.sync.connected, 'the push channel', 10_000)
  }, 120_000)
})

function countReasons(results: readonly LaneResult[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const { reason } of results) counts.set(reason, (counts.get(reason) ?? 0) + 1)
  return [...counts].map(([reason, count]) => ({ reason, count }))
}

function byReason(rows: readonly { reason: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.reason, row.count]))
}
