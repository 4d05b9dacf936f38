// The Modbus RTU driver against pymodbus on a pty: echo, read-back, timeouts, retries, faults.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ModbusPeer } from '../../test/peers/modbus-peer.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { ModbusRtuRelay, type ModbusRtuRelayOptions } from './modbus-rtu-relay.ts'
import { isRelayError, RelayError } from './relay-error.ts'

const logger = pino({ level: 'silent' })

describe('modbus-rtu-relay against a pymodbus board', () => {
  let pair: SocatPair
  let peer: ModbusPeer
  let driver: ModbusRtuRelay | undefined

  beforeEach(async () => {
    pair = await SocatPair.create()
    try {
      peer = await ModbusPeer.start(pair.b, { unit: 3, coils: 8 })
    } catch (err) {
      await pair.dispose()
      throw err
    }
  })

  afterEach(async () => {
    await driver?.stop().catch(() => undefined)
    driver = undefined
    await peer.stop()
    await pair.dispose()
  })

  async function startDriver(options: Partial<ModbusRtuRelayOptions> = {}) {
    driver = new ModbusRtuRelay({
      path: pair.a,
      unitId: 3,
      channels: 4,
      timeoutMs: 150,
      retries: 2,
      logger,
      ...options,
    })
    await driver.start()
    return driver
  }

  test('writes the coil the board then reports, and reads it back', async () => {
    const relay = await startDriver({ firstCoil: 4 })

    await relay.set(2, true)

    expect(await peer.coil(5)).toBe(true)
    expect(await peer.coil(1)).toBe(false)
    expect(await relay.readChannel(2)).toBe(true)
    expect(await relay.readChannel(1)).toBe(false)
  })

  test('fails with RELAY_TIMEOUT after every attempt when the board stays silent', async () => {
    const relay = await startDriver({ retries: 1, timeoutMs: 100 })
    const before = await peer.requests()
    await peer.fault('silent all')

    const err = await failureOf(relay.set(1, true))

    expect(err.code).toBe('RELAY_TIMEOUT')
    expect(err.details).toMatchObject({ channel: 1, attempts: 2 })
    expect((await peer.requests()) - before).toBe(2)
    expect(await peer.coil(0)).toBe(false)
  })

  test('retries after a silent attempt and succeeds', async () => {
    const relay = await startDriver()
    const before = await peer.requests()
    await peer.fault('silent 1')

    await relay.set(1, true)

    expect((await peer.requests()) - before).toBe(2)
    expect(await peer.coil(0)).toBe(true)
  })

  test('retries after a reply with a corrupted CRC and succeeds', async () => {
    const relay = await startDriver()
    const before = await peer.requests()
    await peer.fault('corrupt 1')

    await relay.set(3, true)

    expect((await peer.requests()) - before).toBe(2)
    expect(await peer.coil(2)).toBe(true)
  })

  test('fails with RELAY_BAD_REPLY when every reply is corrupted', async () => {
    const relay = await startDriver({ retries: 2 })
    await peer.fault('corrupt all')

    const err = await failureOf(relay.set(1, true))

    expect(err.code).toBe('RELAY_BAD_REPLY')
    expect(err.details.attempts).toBe(3)
  })

  test('maps an exception reply to RELAY_EXCEPTION and does not retry it', async () => {
    const relay = await startDriver()
    const before = await peer.requests()
    await peer.fault('exception 1')

    const err = await failureOf(relay.set(2, true))

    expect(err.code).toBe('RELAY_EXCEPTION')
    expect(err.details).toMatchObject({ exceptionCode: 4, channel: 2 })
    expect(err.message).toContain('server device failure')
    expect((await peer.requests()) - before).toBe(1)
  })

  test('refuses to start when the board lacks a configured channel', async () => {
    const err = await failureOf(startDriver({ channels: 10 }))

    expect(err.code).toBe('RELAY_RELEASE_FAILED')
    expect(err.cause).toMatchObject({ code: 'RELAY_EXCEPTION', details: { exceptionCode: 2 } })
    await expect(driver?.set(1, true)).rejects.toMatchObject({ code: 'RELAY_NOT_STARTED' })
  })

  test('hears nothing from a board at another unit id', async () => {
    const err = await failureOf(startDriver({ unitId: 4, retries: 0, timeoutMs: 80 }))

    expect(err.code).toBe('RELAY_RELEASE_FAILED')
    expect(isRelayError(err.cause, 'RELAY_TIMEOUT')).toBe(true)
  })

  test(
    'fails with PORT_DISCONNECTED while the adapter is gone, and recovers when it is back',
    {
      timeout: 10_000,
    },
    async () => {
      const relay = await startDriver({ retries: 0 })
      await peer.stop()
      await pair.kill()

      expect((await failureOf(relay.set(1, true))).code).toBe('PORT_DISCONNECTED')

      await pair.start()
      peer = await ModbusPeer.start(pair.b, { unit: 3, coils: 8 })
      await relay.set(1, true)
      expect(await peer.coil(0)).toBe(true)
    },
  )

  test('finishes a command queued before stop, and refuses one made during it', async () => {
    // One channel: the late command would queue behind the last release, after the port
    // closed, and reopen it to energise the channel after stop() had resolved.
    const relay = await startDriver({ channels: 1 })
    // The first attempt goes unanswered, so the command is still queued when stop() begins.
    await peer.fault('silent 1')
    const earlier = relay.set(1, true)

    const stopping = relay.stop()
    const late = relay.set(1, true)
    const lateRead = relay.readChannel(1)

    // Settled together: awaiting one while another has already been refused would leave
    // that refusal unhandled for a moment.
    const [first, second, third] = await Promise.allSettled([earlier, late, lateRead])
    expect(first).toEqual({ status: 'fulfilled', value: undefined })
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'RELAY_NOT_STARTED' } })
    expect(third).toMatchObject({ status: 'rejected', reason: { code: 'RELAY_NOT_STARTED' } })
    await stopping
    expect(await peer.coil(0)).toBe(false)
    const afterStop = await peer.requests()
    await expect(relay.set(1, true)).rejects.toMatchObject({ code: 'RELAY_NOT_STARTED' })
    expect(await peer.requests()).toBe(afterStop)
  })

  test('names the bad option when misconfigured', () => {
    const make = (options: Partial<ModbusRtuRelayOptions>) => () =>
      new ModbusRtuRelay({ path: pair.a, unitId: 1, channels: 4, logger, ...options })

    expect(make({ unitId: 0 })).toThrow(/unitId/)
    expect(make({ unitId: 248 })).toThrow(/unitId/)
    expect(make({ retries: -1 })).toThrow(/retries/)
    expect(make({ timeoutMs: 0 })).toThrow(/timeoutMs/)
    expect(make({ firstCoil: 65534 })).toThrow(/firstCoil/)
  })
})

async function failureOf(work: Promise<unknown>): Promise<RelayError> {
  const outcome = await work.then(
    () => new Error('expected a failure, got success'),
    (err: unknown) => err,
  )
  if (outcome instanceof RelayError) return outcome
  throw outcome
}
