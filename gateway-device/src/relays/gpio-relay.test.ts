// The GPIO relay's gpioset command lines and process handling, through an injected spawn.
import { execFileSync } from 'node:child_process'
import { pino } from 'pino'
import { describe, expect, test } from 'vitest'
import { FakeGpioTools } from '../../test/peers/fake-gpio-tools.ts'
import { waitUntil } from '../../test/peers/wait-until.ts'
import { GpioRelay, type GpioRelayOptions } from './gpio-relay.ts'

const logger = pino({ level: 'silent' })
const chip = { name: 'gpiochip0', lines: 32 }

function relayOn(tools: FakeGpioTools, options: Partial<GpioRelayOptions> = {}) {
  const { spawn } = tools
  const lines = [17, 27]
  return new GpioRelay({ chip: 'gpiochip0', lines, settleMs: 5, spawn, logger, ...options })
}

const commandLines = (tools: FakeGpioTools) =>
  tools.spawned.map((child) => [child.command, ...child.args].join(' '))

describe('gpio-relay', () => {
  test('inspects the chip, then holds each line with gpioset in signal mode', async () => {
    const tools = new FakeGpioTools(chip)
    const relay = relayOn(tools, { activeLow: true, drive: 'open-drain' })

    await relay.start()
    await relay.set(2, true)

    expect(commandLines(tools)).toEqual([
      'gpioinfo gpiochip0',
      'gpioset --active-low --drive=open-drain --mode=signal gpiochip0 17=0',
      'gpioset --active-low --drive=open-drain --mode=signal gpiochip0 27=0',
      'gpioset --active-low --drive=open-drain --mode=signal gpiochip0 27=1',
    ])
    await relay.stop()
  })

  test('ends the old holder before starting the new one for a line', async () => {
    const tools = new FakeGpioTools(chip)
    const relay = relayOn(tools)
    await relay.start()
    const [first] = tools.running('gpioset')

    await relay.set(1, true)

    expect(first?.signals).toEqual(['SIGTERM'])
    expect(tools.running('gpioset').map((child) => child.args.at(-1))).toEqual(['27=0', '17=1'])
    await relay.stop()
  })

  test('on stop ends every holder and drives every line inactive in one last run', async () => {
    const tools = new FakeGpioTools(chip)
    const relay = relayOn(tools)
    await relay.start()
    await relay.set(1, true)

    await relay.stop()

    expect(tools.running('gpioset')).toEqual([])
    expect(commandLines(tools).at(-1)).toBe('gpioset --mode=exit gpiochip0 17=0 27=0')
  })

  test('fails to start with GPIO_CHIP_MISSING and a plain message without a chip', async () => {
    const relay = relayOn(new FakeGpioTools(undefined))

    await expect(relay.start()).rejects.toMatchObject({
      code: 'GPIO_CHIP_MISSING',
      message: expect.stringContaining('GPIO chip gpiochip0 not found'),
    })
  })

  test('refuses a line the chip does not have', async () => {
    const relay = relayOn(new FakeGpioTools({ name: 'gpiochip0', lines: 8 }))

    await expect(relay.start()).rejects.toMatchObject({
      code: 'RELAY_CONFIG_INVALID',
      message: 'line 17 does not exist: gpiochip0 has 8',
    })
  })

  test('reports GPIO_LINE_BUSY when another process holds the line', async () => {
    const tools = new FakeGpioTools(chip)
    const squatter = tools.spawn('gpioset', ['--mode=signal', 'gpiochip0', '27=1'])
    await new Promise((resolve) => setImmediate(resolve))
    const relay = relayOn(tools)

    await expect(relay.start()).rejects.toMatchObject({
      code: 'GPIO_LINE_BUSY',
      details: { channel: 2 },
    })
    expect(tools.running('gpioset')).toEqual([squatter])
  })

  test('forgets a holder that dies, and replaces it on the next command', async () => {
    const tools = new FakeGpioTools(chip)
    const relay = relayOn(tools)
    await relay.start()

    tools.running('gpioset')[0]?.exit(1, null, 'gpioset: killed by someone\n')
    await waitUntil(() => tools.running('gpioset').length === 1, 'the holder to die')
    await relay.set(1, true)

    expect(tools.lineValue(17)).toBe(1)
    await relay.stop()
  })

  test('refuses a chip name that the tool would read as an option', () => {
    expect(() => relayOn(new FakeGpioTools(chip), { chip: '--help' })).toThrow(/chip/)
    expect(() => relayOn(new FakeGpioTools(chip), { lines: [3, 3] })).toThrow(/distinct/)
  })

  test.skipIf(!hasGpiodTools())(
    'says GPIO_CHIP_MISSING with the real gpiod tools on a machine without that chip',
    async () => {
      const relay = new GpioRelay({ chip: 'gpiochip99', lines: [1], logger })

      await expect(relay.start()).rejects.toMatchObject({ code: 'GPIO_CHIP_MISSING' })
    },
  )
})

/** The real-tool test needs Debian's gpiod package; without it there is nothing to run. */
function hasGpiodTools(): boolean {
  try {
    execFileSync('gpioinfo', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
