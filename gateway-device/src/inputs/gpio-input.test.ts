// The GPIO input's gpioget/gpiomon command lines and its recovery, through an injected spawn.
import { pino } from 'pino'
import { afterEach, describe, expect, test } from 'vitest'
import { FakeGpioTools } from '../../test/peers/fake-gpio-tools.ts'
import { waitUntil } from '../../test/peers/wait-until.ts'
import { GpioInput, type GpioInputOptions } from './gpio-input.ts'

const logger = pino({ level: 'silent' })
const chip = { name: 'gpiochip1', lines: 16 }
let input: GpioInput | undefined

function inputOn(tools: FakeGpioTools, options: Partial<GpioInputOptions> = {}) {
  input = new GpioInput({ chip: 'gpiochip1', line: 4, spawn: tools.spawn, logger, ...options })
  return input
}

afterEach(async () => {
  await input?.stop()
  input = undefined
})

describe('gpio-input', () => {
  test('reads the level with gpioget, then watches edges with gpiomon', async () => {
    const tools = new FakeGpioTools(chip)

    await inputOn(tools, { activeLow: true, bias: 'pull-up' }).start(() => undefined)

    expect(tools.spawned.map((child) => [child.command, ...child.args].join(' '))).toEqual([
      'gpioget --active-low --bias=pull-up gpiochip1 4',
      'gpiomon --line-buffered --format=%e --active-low --bias=pull-up gpiochip1 4',
    ])
  })

  test('reports the level read at start, active when the line reads 1', async () => {
    const tools = new FakeGpioTools(chip)
    tools.levels.set(4, 1)
    const reports: boolean[] = []

    await inputOn(tools).start((active) => reports.push(active))

    expect(reports).toEqual([true])
  })

  test('fails to start with GPIO_CHIP_MISSING when there is no chip', async () => {
    const input = inputOn(new FakeGpioTools(undefined))

    await expect(input.start(() => undefined)).rejects.toMatchObject({
      code: 'GPIO_CHIP_MISSING',
      message: expect.stringContaining('gpiochip1 not found'),
    })
  })

  test('restarts gpiomon after it dies, reporting a change it missed meanwhile', async () => {
    const tools = new FakeGpioTools(chip)
    const reports: boolean[] = []
    await inputOn(tools, { restartDelayMs: 10 }).start((active) => reports.push(active))

    tools.running('gpiomon')[0]?.exit(1, null, 'gpiomon: error waiting for events: Bad file\n')
    await waitUntil(() => tools.running('gpiomon').length === 0, 'gpiomon to die', 1000)
    tools.levels.set(4, 1)
    await waitUntil(() => tools.running('gpiomon').length === 1, 'gpiomon to restart', 1000)

    expect(reports).toEqual([false, true])
    tools.drive(4, 0)
    await waitUntil(() => reports.length === 3, 'the new monitor to report', 1000)
  })

  test('ends gpiomon on stop', async () => {
    const tools = new FakeGpioTools(chip)
    await inputOn(tools).start(() => undefined)

    await input?.stop()

    expect(tools.running('gpiomon')).toEqual([])
  })

  test('refuses a line offset that is not a whole number', () => {
    expect(() => inputOn(new FakeGpioTools(chip), { line: -1 })).toThrow(/line/)
  })
})
