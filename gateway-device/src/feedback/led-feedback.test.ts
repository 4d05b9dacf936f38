// LED feedback: the right line lit for the result, for its time, and a newer result wins.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimulatedRelay } from '../relays/simulated-relay.ts'
import { RelayError } from '../relays/relay-error.ts'
import { RelayLineOutput } from './digital-output.ts'
import type { LaneResult } from './lane-result.ts'
import { LedFeedback } from './led-feedback.ts'

const logger = pino({ level: 'silent' })
const result = (verdict: LaneResult['verdict']): LaneResult => ({
  lane: 1,
  verdict,
  reason: verdict === 'pass' ? 'OK' : 'CODE_EXPIRED',
  at: 0,
})

describe('LedFeedback', () => {
  let green: SimulatedRelay
  let red: SimulatedRelay
  let leds: LedFeedback

  beforeEach(async () => {
    vi.useFakeTimers()
    green = new SimulatedRelay({ channels: 1, name: 'green' })
    red = new SimulatedRelay({ channels: 1, name: 'red' })
    leds = new LedFeedback({
      pass: new RelayLineOutput(green),
      refuse: new RelayLineOutput(red),
      showMs: 2_000,
      logger,
    })
    await leds.start()
  })
  afterEach(async () => {
    await leds.stop()
    vi.useRealTimers()
  })

  const lit = () => ({ green: green.isEnergised(1), red: red.isEnergised(1) })

  it('lights green for a pass, for its time only', async () => {
    leds.show(result('pass'))
    await vi.advanceTimersByTimeAsync(1_999)
    expect(lit()).toEqual({ green: true, red: false })

    await vi.advanceTimersByTimeAsync(1)

    expect(lit()).toEqual({ green: false, red: false })
  })

  it('lights red for a refusal and for a fault', async () => {
    leds.show(result('refuse'))
    await vi.advanceTimersByTimeAsync(0)
    expect(lit()).toEqual({ green: false, red: true })

    leds.show(result('fault'))
    await vi.advanceTimersByTimeAsync(0)

    expect(lit()).toEqual({ green: false, red: true })
  })

  it('lets a newer result replace the shown one, with its own full time', async () => {
    leds.show(result('refuse'))
    await vi.advanceTimersByTimeAsync(1_500)
    leds.show(result('pass'))
    await vi.advanceTimersByTimeAsync(1_000)

    expect(lit()).toEqual({ green: true, red: false })
  })

  it('turns every LED off when stopped', async () => {
    leds.show(result('pass'))
    await vi.advanceTimersByTimeAsync(0)

    await leds.stop()

    expect(lit()).toEqual({ green: false, red: false })
  })

  it('never throws when an LED line fails', async () => {
    green.failWith(new RelayError('GPIO_TOOL_FAILED', 'gone'))

    expect(() => leds.show(result('pass'))).not.toThrow()
    await vi.advanceTimersByTimeAsync(0)
    green.failWith(undefined)
  })
})
