// CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF, sent low byte first.

export function modbusCrc(bytes: Uint8Array): number {
  let crc = 0xffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1
    }
  }
  return crc
}

/** `body` followed by its CRC, low byte first, as it goes on the wire. */
export function withModbusCrc(body: readonly number[]): Uint8Array {
  const crc = modbusCrc(Uint8Array.from(body))
  return Uint8Array.from([...body, crc & 0xff, crc >>> 8])
}

/** Whether the last two bytes of `frame` are the CRC of the bytes before them. */
export function hasValidModbusCrc(frame: Uint8Array): boolean {
  if (frame.length < 3) return false
  const crc = modbusCrc(frame.subarray(0, frame.length - 2))
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8
}
