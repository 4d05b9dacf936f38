// The command frame of LCUS/CH340 USB serial relay boards: A0, channel, state, checksum.
import { RelayError } from './relay-error.ts'

const START_BYTE = 0xa0

/** Encodes one command; these boards never answer, so there is nothing to decode. */
export function encodeLcusCommand(channel: number, energised: boolean): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > 0xff) {
    throw new RelayError('RELAY_BAD_CHANNEL', 'channel must be an integer from 1 to 255', {
      details: { channel },
    })
  }

  const state = energised ? 0x01 : 0x00
  const sum = (START_BYTE + channel + state) & 0xff
  return Uint8Array.of(START_BYTE, channel, state, sum)
}

/** A decoded frame, for peers and tests that play the board's side. */
export interface LcusCommand {
  channel: number
  energised: boolean
}

/** Decodes one 4-byte frame, or answers undefined when it is not a valid command. */
export function decodeLcusCommand(frame: Uint8Array): LcusCommand | undefined {
  const [start, channel, state, sum] = frame
  if (frame.length !== 4 || start !== START_BYTE || channel === undefined) return undefined
  if (state !== 0 && state !== 1) return undefined
  if (sum !== ((START_BYTE + channel + state) & 0xff)) return undefined
  return { channel, energised: state === 1 }
}
