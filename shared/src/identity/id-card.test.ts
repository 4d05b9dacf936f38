import { describe, expect, it } from 'vitest'
import { idCardCheckChar, idCardProblem } from './id-card.ts'

const TODAY = '2025-06-01'

/** The well-known sample from GB 11643-1999's worked example. */
const SAMPLE = '11010519491231002X'

function withCheck(first17: string): string {
  return `${first17}${idCardCheckChar(first17)}`
}

describe('resident ID card numbers', () => {
  it('accepts the standard sample, whose check character is X', () => {
    expect(idCardCheckChar(SAMPLE.slice(0, 17))).toBe('X')
    expect(idCardProblem(SAMPLE, TODAY)).toBeNull()
  })

  it('accepts a Yuhang number with a digit check character', () => {
    expect(idCardProblem(withCheck('33011019900307123'), TODAY)).toBeNull()
  })

  it('says the checksum is wrong when one digit is mistyped', () => {
    const typo = `${SAMPLE.slice(0, 16)}3X`
    expect(idCardProblem(typo, TODAY)).toBe('ID card number checksum is wrong')
  })

  it('refuses 17 or 19 characters with a length message', () => {
    expect(idCardProblem(SAMPLE.slice(0, 17), TODAY)).toBe('ID card number must be 18 characters')
    expect(idCardProblem(`${SAMPLE}1`, TODAY)).toBe('ID card number must be 18 characters')
  })

  it('refuses letters other than a final X', () => {
    expect(idCardProblem('1101051949123100AX', TODAY)).toMatch(/17 digits followed by a digit or X/)
  })

  it('refuses an unknown province code', () => {
    expect(idCardProblem(withCheck('99010519491231002'), TODAY)).toMatch(/unknown region code/)
  })

  it('refuses impossible birth dates: 30 February, month 13, before 1900', () => {
    expect(idCardProblem(withCheck('33011019900230123'), TODAY)).toMatch(/impossible birth date/)
    expect(idCardProblem(withCheck('33011019901301123'), TODAY)).toMatch(/impossible birth date/)
    expect(idCardProblem(withCheck('33011018991231123'), TODAY)).toMatch(/impossible birth date/)
  })

  it('accepts 29 February of a leap year only', () => {
    expect(idCardProblem(withCheck('33011020000229123'), TODAY)).toBeNull()
    expect(idCardProblem(withCheck('33011019000229123'), TODAY)).toMatch(/impossible birth date/)
  })

  it('refuses a birth date after today, and accepts one born today', () => {
    expect(idCardProblem(withCheck('33011020250602123'), TODAY)).toMatch(/birth date in the future/)
    expect(idCardProblem(withCheck('33011020250601123'), TODAY)).toBeNull()
  })
})
