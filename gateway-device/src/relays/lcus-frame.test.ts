// The LCUS/CH340 relay board frame: A0, channel, state, and their sum.
import { describe, expect, test } from 'vitest'
import { decodeLcusCommand, encodeLcusCommand } from './lcus-frame.ts'

describe('encodeLcusCommand', () => {
  test("encodes the frames printed on the board vendors' sheets", () => {
    expect([...encodeLcusCommand(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2])
    expect([...encodeLcusCommand(1, false)]).toEqual([0xa0, 0x01, 0x00, 0xa1])
    expect([...encodeLcusCommand(4, true)]).toEqual([0xa0, 0x04, 0x01, 0xa5])
  })

  test('wraps the checksum at one byte', () => {
    expect([...encodeLcusCommand(0x70, true)]).toEqual([0xa0, 0x70, 0x01, 0x11])
  })

  test('refuses channel 0 with RELAY_BAD_CHANNEL', () => {
    expect(() => encodeLcusCommand(0, true)).toThrow(
      expect.objectContaining({
        code: 'RELAY_BAD_CHANNEL',
      }),
    )
  })
})

describe('decodeLcusCommand', () => {
  test('reads back what was encoded', () => {
    expect(decodeLcusCommand(encodeLcusCommand(3, true))).toEqual({ channel: 3, energised: true })
  })

  test('refuses a frame with a wrong checksum or state', () => {
    expect(decodeLcusCommand(Uint8Array.of(0xa0, 0x01, 0x01, 0xa3))).toBeUndefined()
    expect(decodeLcusCommand(Uint8Array.of(0xa0, 0x01, 0x02, 0xa3))).toBeUndefined()
  })
})
