// Channel numbering shared by every relay driver: 1..count, checked the same way everywhere.
import { RelayError } from './relay-error.ts'

/** Throws `RELAY_CONFIG_INVALID` unless `count` is a sensible number of channels. */
export function checkChannelCount(count: number, field: string): void {
  if (!Number.isInteger(count) || count < 1 || count > 255) {
    throw new RelayError('RELAY_CONFIG_INVALID', `${field} must be an integer from 1 to 255`)
  }
}

/** Throws `RELAY_BAD_CHANNEL` unless `channel` is one of 1..count. */
export function checkChannel(channel: number, count: number): void {
  if (!Number.isInteger(channel) || channel < 1 || channel > count) {
    throw new RelayError('RELAY_BAD_CHANNEL', `channel must be an integer from 1 to ${count}`, {
      details: { channel },
    })
  }
}

/** The channels 1..count, in order. */
export function allChannels(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1)
}
