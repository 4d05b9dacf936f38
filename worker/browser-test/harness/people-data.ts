// Made-up people for the browser tests: valid (and deliberately broken) document numbers.
import { randomInt } from 'node:crypto'
import { idCardCheckChar } from '../../../shared/src/identity/id-card.ts'

/** A valid resident ID card number from Yuhang (330110), born on `birth` (YYYYMMDD). */
export function validIdCard(birth: string): string {
  const first17 = `330110${birth}${String(randomInt(1000)).padStart(3, '0')}`
  return `${first17}${idCardCheckChar(first17)}`
}

/** The same number with a wrong check character: the API must say the checksum is wrong. */
export function withWrongChecksum(idCard: string): string {
  const right = idCard.slice(-1)
  const wrong = right === '1' ? '2' : '1'
  return `${idCard.slice(0, 17)}${wrong}`
}

/** A household register number: a letter and 8 digits. */
export function hukouNumber(): string {
  return `A${String(randomInt(100_000_000)).padStart(8, '0')}`
}

/** A random mainland mobile number (139 and 8 digits). */
export function randomPhone(): string {
  return `139${String(randomInt(100_000_000)).padStart(8, '0')}`
}
