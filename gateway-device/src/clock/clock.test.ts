import { describe, expect, it } from 'vitest'
import { GateClock, type ClockMemory, type GateClockOptions } from './clock.ts'

const BUILD = Date.UTC(2025, 0, 1)
const GOOD = Date.UTC(2026, 5, 1)

function rig(options: Partial<GateClockOptions> & { system?: number; memory?: ClockMemory } = {}) {
  const t = { system: options.system ?? GOOD, mono: 10_000 }
  const clock = new GateClock({
    buildTimeMs: BUILD,
    systemNowMs: () => t.system,
    monotonicMs: () => t.mono,
    ...options,
  })
  clock.start()
  const advance = (ms: number): void => {
    t.system += ms
    t.mono += ms
  }
  return { clock, t, advance }
}

describe('GateClock', () => {
  it('trusts a plausible system clock before the edge has answered', () => {
    const { clock } = rig()
    expect(clock.trusted).toBe(true)
    expect(clock.now()).toBe(GOOD / 1000)
    clock.stop()
  })

  it('distrusts a system clock set before the build', () => {
    const { clock } = rig({ system: Date.UTC(1970, 0, 2) })
    expect(clock.trusted).toBe(false)
    expect(clock.status.distrust).toBe('before_build')
    clock.stop()
  })

  it('distrusts a system clock earlier than the last time known to be good', () => {
    const memory = { load: () => GOOD + 3_600_000, save: () => undefined }
    const { clock } = rig({ memory })
    expect(clock.status.distrust).toBe('before_last_known')
    clock.stop()
  })

  it('learns the edge’s time from a sample, taken mid-trip', () => {
    const { clock, advance } = rig({ system: GOOD - 50_000 })
    clock.observeServerTime(GOOD, 200)
    expect(clock.nowMs()).toBe(GOOD + 100)
    advance(1_000)
    expect(clock.nowMs()).toBe(GOOD + 1_100)
    expect(clock.status.offsetMs).toBe(50_100)
    clock.stop()
  })

  it('becomes trusted from the edge even when the system clock is implausible', () => {
    const { clock } = rig({ system: Date.UTC(1970, 0, 2) })
    clock.observeServerTime(GOOD, 10)
    expect(clock.trusted).toBe(true)
    expect(Math.round(clock.now())).toBe(Math.round(GOOD / 1000))
    clock.stop()
  })

  it('distrusts the system clock after it jumps, until the edge answers', () => {
    const { clock, t } = rig()
    expect(clock.trusted).toBe(true)
    t.system += 3_600_000
    expect(clock.trusted).toBe(false)
    expect(clock.status.distrust).toBe('jumped')
    t.mono += 1_000
    t.system += 1_000
    expect(clock.trusted).toBe(false)
    clock.observeServerTime(t.system, 20)
    expect(clock.trusted).toBe(true)
    clock.stop()
  })

  it('ignores a system clock jump once it follows the edge', () => {
    const { clock, t } = rig()
    clock.observeServerTime(GOOD, 0)
    t.system -= 86_400_000
    t.mono += 500
    expect(clock.trusted).toBe(true)
    expect(clock.nowMs()).toBe(GOOD + 500)
    clock.stop()
  })

  it('keeps a precise sample over a later, slower one that agrees with it', () => {
    const { clock, advance } = rig()
    clock.observeServerTime(GOOD, 20)
    advance(1_000)
    clock.observeServerTime(GOOD + 1_000 - 500, 2_000)
    expect(clock.nowMs()).toBe(GOOD + 10 + 1_000)
    clock.stop()
  })

  it('follows the edge when a sample disagrees beyond the uncertainty', () => {
    const { clock, advance } = rig()
    clock.observeServerTime(GOOD, 20)
    advance(1_000)
    clock.observeServerTime(GOOD + 1_000 + 5_000, 100)
    expect(clock.nowMs()).toBe(GOOD + 6_050)
    clock.stop()
  })

  it('ignores samples with an implausible time or round trip', () => {
    const { clock } = rig({ system: Date.UTC(1970, 0, 2) })
    clock.observeServerTime(Date.UTC(2001, 0, 1), 10)
    clock.observeServerTime(GOOD, 60_000)
    clock.observeServerTime(Number.NaN, 10)
    expect(clock.trusted).toBe(false)
    clock.stop()
  })

  it('saves the time on stop only while trusted', () => {
    const saved: number[] = []
    const memory = { load: () => undefined, save: (ms: number) => saved.push(ms) }
    rig({ memory }).clock.stop()
    rig({ memory, system: 5 }).clock.stop()
    expect(saved).toEqual([GOOD])
  })
})
