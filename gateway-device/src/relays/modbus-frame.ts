// Modbus RTU frames for the two functions a relay board needs: write single coil, read coils.
import { hasValidModbusCrc, withModbusCrc } from './modbus-crc.ts'

export const WRITE_SINGLE_COIL = 0x05
export const READ_COILS = 0x01
const EXCEPTION_FLAG = 0x80

/** What a reply to `request` turned out to be. */
export type ModbusReply =
  | { kind: 'ok'; frame: Uint8Array }
  | { kind: 'exception'; exceptionCode: number }
  | { kind: 'bad'; reason: 'crc' | 'unit' | 'function' | 'echo' | 'length' }

export function buildWriteCoilRequest(unitId: number, address: number, on: boolean): Uint8Array {
  return withModbusCrc([unitId, WRITE_SINGLE_COIL, ...word(address), on ? 0xff : 0x00, 0x00])
}

export function buildReadCoilsRequest(unitId: number, address: number, count: number): Uint8Array {
  return withModbusCrc([unitId, READ_COILS, ...word(address), ...word(count)])
}

/**
 * The length the reply to `request` will have, judging from the bytes received so far, or
 * undefined while too few have arrived to tell.
 */
export function expectedReplyLength(request: Uint8Array, received: Uint8Array): number | undefined {
  if (received.length < 2) return undefined
  if (received[1] === ((request[1] ?? 0) | EXCEPTION_FLAG)) return 5

  if (request[1] === WRITE_SINGLE_COIL) return request.length
  if (received.length < 3) return undefined
  return 3 + (received[2] ?? 0) + 2
}

/** Checks a complete reply against its request, byte for byte where the protocol echoes. */
export function checkReply(request: Uint8Array, reply: Uint8Array): ModbusReply {
  if (!hasValidModbusCrc(reply)) return { kind: 'bad', reason: 'crc' }
  if (reply[0] !== request[0]) return { kind: 'bad', reason: 'unit' }

  const functionCode = request[1] ?? 0
  if (reply[1] === (functionCode | EXCEPTION_FLAG) && reply.length === 5) {
    return { kind: 'exception', exceptionCode: reply[2] ?? 0 }
  }
  if (reply[1] !== functionCode) return { kind: 'bad', reason: 'function' }

  if (functionCode === WRITE_SINGLE_COIL) {
    const echoed = reply.length === request.length && reply.every((b, i) => b === request[i])
    return echoed ? { kind: 'ok', frame: reply } : { kind: 'bad', reason: 'echo' }
  }
  const count = ((request[4] ?? 0) << 8) | (request[5] ?? 0)
  const byteCount = Math.ceil(count / 8)
  if (reply[2] !== byteCount || reply.length !== 3 + byteCount + 2) {
    return { kind: 'bad', reason: 'length' }
  }
  return { kind: 'ok', frame: reply }
}

/** The coil states carried by a read-coils reply, first coil first. */
export function coilsFromReply(reply: Uint8Array, count: number): boolean[] {
  return Array.from({ length: count }, (_, i) => {
    const byte = reply[3 + (i >> 3)] ?? 0
    return ((byte >> (i & 7)) & 1) === 1
  })
}

/** A readable name for a Modbus exception code, for error messages. */
export function describeException(code: number): string {
  const names: Record<number, string> = {
    1: 'illegal function',
    2: 'illegal data address',
    3: 'illegal data value',
    4: 'server device failure',
    5: 'acknowledge',
    6: 'server device busy',
    11: 'gateway target device failed to respond',
  }
  return names[code] ?? 'unknown exception'
}

function word(value: number): [number, number] {
  return [(value >> 8) & 0xff, value & 0xff]
}
