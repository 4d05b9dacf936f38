// Modbus RTU framing and CRC, checked against published example frames.
import { describe, expect, test } from 'vitest'
import { hasValidModbusCrc, modbusCrc } from './modbus-crc.ts'
import {
  buildReadCoilsRequest,
  buildWriteCoilRequest,
  checkReply,
  coilsFromReply,
  expectedReplyLength,
} from './modbus-frame.ts'

const hex = (text: string) => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)))

describe('modbusCrc', () => {
  test('gives the CRC-16/MODBUS check value for "123456789"', () => {
    expect(modbusCrc(new TextEncoder().encode('123456789'))).toBe(0x4b37)
  })

  test('accepts a frame whose CRC is right and refuses one flipped bit', () => {
    const frame = hex('01 05 00 00 FF 00 8C 3A')
    expect(hasValidModbusCrc(frame)).toBe(true)

    frame[3] = (frame[3] ?? 0) ^ 0x01
    expect(hasValidModbusCrc(frame)).toBe(false)
  })
})

describe('request frames', () => {
  test('write single coil puts FF00 for on and 0000 for off, CRC low byte first', () => {
    expect(buildWriteCoilRequest(1, 0, true)).toEqual(hex('01 05 00 00 FF 00 8C 3A'))
    expect(buildWriteCoilRequest(1, 0, false)).toEqual(hex('01 05 00 00 00 00 CD CA'))
  })

  test('read coils asks for a count from an address', () => {
    expect(buildReadCoilsRequest(1, 0, 1)).toEqual(hex('01 01 00 00 00 01 FD CA'))
  })
})

describe('checkReply', () => {
  const write = buildWriteCoilRequest(1, 0, true)

  test('accepts the exact echo of a write', () => {
    expect(checkReply(write, write).kind).toBe('ok')
  })

  test('refuses an echo that differs in one byte, even with a valid CRC', () => {
    const other = buildWriteCoilRequest(1, 1, true)
    expect(checkReply(write, other)).toEqual({ kind: 'bad', reason: 'echo' })
  })

  test('refuses a reply from another unit', () => {
    expect(checkReply(write, buildWriteCoilRequest(2, 0, true))).toEqual({
      kind: 'bad',
      reason: 'unit',
    })
  })

  test('refuses a corrupted CRC before anything else', () => {
    const corrupted = Uint8Array.from(write)
    corrupted[7] = (corrupted[7] ?? 0) ^ 0xff
    expect(checkReply(write, corrupted)).toEqual({ kind: 'bad', reason: 'crc' })
  })

  test('reads an exception reply and its code', () => {
    const exception = hex('01 85 02 C3 51')
    expect(expectedReplyLength(write, exception)).toBe(5)
    expect(checkReply(write, exception)).toEqual({ kind: 'exception', exceptionCode: 2 })
  })

  test('reads coil states from a read-coils reply, least significant bit first', () => {
    const request = buildReadCoilsRequest(1, 0, 10)
    const reply = hex('01 01 02 05 02 00 00')
    const crc = modbusCrc(reply.subarray(0, 5))
    reply[5] = crc & 0xff
    reply[6] = crc >>> 8

    expect(expectedReplyLength(request, reply)).toBe(7)
    expect(checkReply(request, reply).kind).toBe('ok')
    expect(coilsFromReply(reply, 10)).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ])
  })

  test('knows nothing about the length until the header has arrived', () => {
    expect(expectedReplyLength(buildReadCoilsRequest(1, 0, 1), hex('01 01'))).toBeUndefined()
  })
})
