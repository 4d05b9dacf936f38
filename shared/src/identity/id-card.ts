// The resident ID card number (GB 11643-1999): region, birth date, sequence and check digit.

/** Weights of the first 17 characters in the ISO 7064 MOD 11-2 check. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

/**
 * Province-level codes that open the region part: the 31 mainland provinces,
 * 71 (Taiwan), 81/82 (Hong Kong/Macao residence permits) and 83 (Taiwan residence permits).
 */
const PROVINCE_CODES = new Set(
  (
    '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 ' +
    '50 51 52 53 54 61 62 63 64 65 71 81 82 83'
  ).split(' '),
)

export const ID_CARD_LENGTH = 18

/** The check character for the first 17 digits (`0`-`9` or `X`). */
export function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS[sum % 11] ?? ''
}

/**
 * Why an ID card number is not valid, or null when it is. Expects the normalised form
 * (uppercase, no spaces). `today` is `YYYY-MM-DD` (UTC): the birth date may not be after it.
 */
export function idCardProblem(number: string, today: string): string | null {
  if (number.length !== ID_CARD_LENGTH) return 'ID card number must be 18 characters'
  if (!/^\d{17}[\dX]$/.test(number)) {
    return 'ID card number must be 17 digits followed by a digit or X'
  }
  if (!PROVINCE_CODES.has(number.slice(0, 2))) {
    return 'ID card number starts with an unknown region code'
  }
  const birth = idCardBirthDate(number)
  if (!isCalendarDate(birth) || birth < '1900-01-01') {
    return 'ID card number holds an impossible birth date'
  }
  if (birth > today) return 'ID card number holds a birth date in the future'
  if (idCardCheckChar(number) !== number[17]) return 'ID card number checksum is wrong'
  return null
}

/** The birth date (`YYYY-MM-DD`) inside a valid ID card number. */
export function idCardBirthDate(number: string): string {
  return `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`
}

function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value
}
