// The fire-alarm latch over a simulated contact and real lane pulsers on simulated relays.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { LanePulser } from '../relays/lane-pulser.ts'
import { SimulatedRelay } from '../relays/simulated-relay.ts'
import { FireAlarm } from './fire-alarm.ts'
import { SimulatedInput } from './simulated-input.ts'

const logger = pino({ level: 'silent' })
const lane = (id: number, channel: number) => ({ lane: id, channel })
let boards: SimulatedRelay[]
let pulsers: LanePulser[]
let contact: SimulatedInput
let alarm: FireAlarm

beforeEach(async () => {
  boards = [new SimulatedRelay({ channels: 2 }), new SimulatedRelay({ channels: 1 })]
  pulsers = boards.map(
    (driver, index) =>
      new LanePulser({
        driver,
        lanes: index === 0 ? [lane(1, 1), lane(2, 2)] : [lane(3, 1)],
        pulseMs: 500,
        deadlineMs: 200,
        logger,
      }),
  )
  for (const pulser of pulsers) await pulser.start()
  contact = new SimulatedInput()
  alarm = new FireAlarm({ input: contact, lanes: pulsers, logger })
})

afterEach(async () => {
  await alarm.stop()
  for (const pulser of pulsers) await pulser.stop()
})

const openLanes = () => [
  boards[0]?.isEnergised(1),
  boards[0]?.isEnergised(2),
  boards[1]?.isEnergised(1),
]

/** Lets the holds the latch started (not awaited by the input callback) finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('fire alarm', () => {
  test('opens every lane on every board when the contact goes active', async () => {
    await alarm.start()

    contact.set(true)
    await settle()

    expect(openLanes()).toEqual([true, true, true])
    expect(alarm.status()).toMatchObject({ contactActive: true, latched: true })
  })

  test('latches at start-up when the contact is already active', async () => {
    contact.set(true)

    await alarm.start()
    await settle()

    expect(openLanes()).toEqual([true, true, true])
  })

  test('stays latched when the contact goes quiet, until acknowledged', async () => {
    await alarm.start()
    contact.set(true)
    await settle()

    contact.set(false)
    await settle()
    expect(openLanes()).toEqual([true, true, true])

    await alarm.acknowledge()
    expect(openLanes()).toEqual([false, false, false])
    expect(alarm.status()).toMatchObject({ contactActive: false, latched: false })
  })

  test('refuses acknowledgement while the contact is active', async () => {
    await alarm.start()
    contact.set(true)
    await settle()

    await expect(alarm.acknowledge()).rejects.toMatchObject({ code: 'FIRE_ALARM_CONTACT_ACTIVE' })
    expect(openLanes()).toEqual([true, true, true])
  })

  test('refuses a pulse while latched, then pulses normally after acknowledgement', async () => {
    await alarm.start()
    contact.set(true)
    await settle()

    await expect(pulsers[0]?.pulse(1)).resolves.toMatchObject({ outcome: 'held' })
    contact.set(false)
    await alarm.acknowledge()
    await expect(pulsers[0]?.pulse(1)).resolves.toMatchObject({ outcome: 'opened' })
  })

  test('latches again when the alarm returns after an acknowledgement', async () => {
    await alarm.start()
    contact.set(true)
    await settle()
    contact.set(false)
    await alarm.acknowledge()

    contact.set(true)
    await settle()

    expect(openLanes()).toEqual([true, true, true])
    expect(alarm.status().latched).toBe(true)
  })
})
