// Releases every channel of a driver, trying them all even when some fail.
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'

/** Rejects with `RELAY_RELEASE_FAILED` naming the first failure once every channel was tried. */
export async function releaseAll(
  driver: Pick<RelayDriver, 'set'>,
  channels: readonly number[],
): Promise<void> {
  const failures: { channel: number; err: unknown }[] = []
  for (const channel of channels) {
    try {
      await driver.set(channel, false)
    } catch (err) {
      failures.push({ channel, err })
    }
  }

  const first = failures[0]
  if (!first) return
  const listed = failures.map((failure) => failure.channel).join(', ')
  throw new RelayError('RELAY_RELEASE_FAILED', `could not release channels ${listed}`, {
    details: { channel: first.channel },
    cause: first.err,
  })
}
