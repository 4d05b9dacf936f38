// The behaviour every RelayDriver must show; each driver's test file runs it against a peer.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { waitUntil } from '../../test/peers/wait-until.ts'
import type { RelayDriver } from './relay-driver.ts'
import { isRelayError, type RelayErrorCode } from './relay-error.ts'

/** A driver wired to something that can tell what its channels are really doing. */
export interface RelayDriverHarness {
  driver: RelayDriver
  channels: number
  /** The channel's state as the far side (board, peer, fake chip) sees it. */
  observe(channel: number): Promise<boolean>
  dispose(): Promise<void>
}

export function describeRelayDriverContract(
  label: string,
  makeHarness: () => Promise<RelayDriverHarness>,
): void {
  describe(`${label} honours the RelayDriver contract`, () => {
    let harness: RelayDriverHarness

    beforeEach(async () => {
      harness = await makeHarness()
    })

    afterEach(async () => {
      await harness.driver.stop().catch(() => undefined)
      await harness.dispose()
    })

    const expectChannel = (channel: number, energised: boolean) =>
      waitUntil(
        async () => (await harness.observe(channel)) === energised,
        `channel ${channel} to be ${energised ? 'energised' : 'released'}`,
        1500,
      )

    test('starts with every channel released', async () => {
      await harness.driver.start()

      for (let channel = 1; channel <= harness.channels; channel += 1) {
        await expectChannel(channel, false)
      }
    })

    test('energises and releases one channel, leaving the others alone', async () => {
      await harness.driver.start()

      await harness.driver.set(2, true)
      await expectChannel(2, true)
      expect(await harness.observe(1)).toBe(false)

      await harness.driver.set(2, false)
      await expectChannel(2, false)
    })

    test('applies overlapping calls in the order they were made', async () => {
      await harness.driver.start()

      await Promise.all([
        harness.driver.set(1, true),
        harness.driver.set(1, false),
        harness.driver.set(1, true),
        harness.driver.set(3, true),
      ])

      await expectChannel(1, true)
      await expectChannel(3, true)
    })

    test('refuses a channel it does not have with RELAY_BAD_CHANNEL', async () => {
      await harness.driver.start()

      for (const channel of [0, harness.channels + 1, 1.5, -1]) {
        await expectCode(harness.driver.set(channel, true), 'RELAY_BAD_CHANNEL')
      }
    })

    test('refuses commands before start and after stop with RELAY_NOT_STARTED', async () => {
      await expectCode(harness.driver.set(1, true), 'RELAY_NOT_STARTED')

      await harness.driver.start()
      await harness.driver.stop()

      await expectCode(harness.driver.set(1, true), 'RELAY_NOT_STARTED')
    })

    test('releases every channel when stopped', async () => {
      await harness.driver.start()
      for (let channel = 1; channel <= harness.channels; channel += 1) {
        await harness.driver.set(channel, true)
      }
      await expectChannel(harness.channels, true)

      await harness.driver.stop()

      for (let channel = 1; channel <= harness.channels; channel += 1) {
        await expectChannel(channel, false)
      }
    })
  })
}

async function expectCode(work: Promise<unknown>, code: RelayErrorCode): Promise<void> {
  const err = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(isRelayError(err) ? err.code : err).toBe(code)
}
