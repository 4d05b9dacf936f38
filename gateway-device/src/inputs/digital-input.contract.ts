// The behaviour every DigitalInput must show; run against each implementation.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { waitUntil } from '../../test/peers/wait-until.ts'
import type { DigitalInput } from './digital-input.ts'

export interface DigitalInputHarness {
  /** An input whose line starts inactive. */
  input: DigitalInput
  /** Changes the physical level the input watches. */
  drive(active: boolean): Promise<void>
  dispose(): Promise<void>
}

export function describeDigitalInputContract(
  label: string,
  makeHarness: () => Promise<DigitalInputHarness>,
): void {
  describe(`${label} honours the DigitalInput contract`, () => {
    let harness: DigitalInputHarness
    let reports: boolean[]

    beforeEach(async () => {
      harness = await makeHarness()
      reports = []
    })

    afterEach(async () => {
      await harness.input.stop()
      await harness.dispose()
    })

    test('reports the level at start, before any change', async () => {
      await harness.input.start((active) => reports.push(active))

      expect(reports).toEqual([false])
    })

    test('reports each change once, and not a level it already reported', async () => {
      await harness.input.start((active) => reports.push(active))

      await harness.drive(true)
      await waitUntil(() => reports.length === 2, 'the rise to be reported', 1000)
      await harness.drive(false)
      await waitUntil(() => reports.length === 3, 'the fall to be reported', 1000)

      expect(reports).toEqual([false, true, false])
    })

    test('reports nothing after stop', async () => {
      await harness.input.start((active) => reports.push(active))
      await harness.input.stop()

      await harness.drive(true)
      await new Promise((resolve) => setTimeout(resolve, 20))

      expect(reports).toEqual([false])
    })
  })
}
