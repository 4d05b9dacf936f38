// Counting passages from a sensor: one per clearance, glitches ignored.
import { pino } from 'pino'
import { expect, test } from 'vitest'
import { PassageCounter, type Passage } from './passage-counter.ts'
import { SimulatedInput } from './simulated-input.ts'

const logger = pino({ level: 'silent' })

async function counterWithClock() {
  const sensor = new SimulatedInput()
  const clock = { now: 0 }
  const passages: Passage[] = []
  const counter = new PassageCounter({
    input: sensor,
    lane: 2,
    minBlockedMs: 50,
    now: () => clock.now,
    onPassage: (passage) => passages.push(passage),
    logger,
  })
  await counter.start()
  const block = (fromMs: number, toMs: number) => {
    clock.now = fromMs
    sensor.set(true)
    clock.now = toMs
    sensor.set(false)
  }
  return { counter, block, passages }
}

test('counts one passage each time the sensor clears after a real blockage', async () => {
  const { counter, block, passages } = await counterWithClock()

  block(1000, 1400)
  block(2000, 2060)

  expect(counter.count).toBe(2)
  expect(passages).toEqual([
    { lane: 2, at: 1400, blockedMs: 400 },
    { lane: 2, at: 2060, blockedMs: 60 },
  ])
  expect(counter.status()).toEqual({ lane: 2, count: 2, blocked: false, lastPassageAt: 2060 })
})

test('ignores blockages shorter than minBlockedMs', async () => {
  const { counter, block } = await counterWithClock()

  block(1000, 1049)

  expect(counter.count).toBe(0)
})

test('does not count a sensor that is clear at start', async () => {
  const { counter } = await counterWithClock()

  expect(counter.status()).toEqual({ lane: 2, count: 0, blocked: false })
})
