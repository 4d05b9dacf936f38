import { describe, expect, it } from 'vitest'
import { identityDocumentSchema, maskDocumentNumber, normaliseDocumentNumber } from './document.ts'
import { idCardCheckChar } from './id-card.ts'

const ID = '11010519491231002X'

function messages(input: unknown): string[] {
  const result = identityDocumentSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((issue) => issue.message)
}

describe('identity document schema', () => {
  it('normalises an ID card number: spaces go, a lowercase x becomes X', () => {
    const parsed = identityDocumentSchema.parse({
      type: 'id_card',
      number: ' 110105 19491231 002x ',
    })
    expect(parsed).toEqual({ type: 'id_card', number: ID })
  })

  it('names the broken checksum, and never echoes the number', () => {
    const wrong = '110105194912310021'
    const found = messages({ type: 'id_card', number: wrong })
    expect(found).toEqual(['ID card number checksum is wrong'])
    expect(found.join(' ')).not.toContain(wrong)
  })

  it('refuses an unknown type with the list of types', () => {
    expect(messages({ type: 'driving_licence', number: 'X1234567' })[0]).toMatch(
      /id_card, hukou, passport/,
    )
  })

  it('refuses unknown fields and a number that is not a string', () => {
    expect(messages({ type: 'passport', number: 'E12345678', issuedBy: 'CN' })).not.toEqual([])
    expect(messages({ type: 'passport', number: 12345678 })).not.toEqual([])
  })

  it('refuses an over-long number before looking at it', () => {
    expect(messages({ type: 'passport', number: '1'.repeat(41) })).toEqual([
      'Document number is too long',
    ])
  })

  it('accepts household register numbers of 9 to 18 letters and digits', () => {
    expect(messages({ type: 'hukou', number: '330110123' })).toEqual([])
    expect(messages({ type: 'hukou', number: 'hz 3301 1012 3456' })).toEqual([])
    expect(messages({ type: 'hukou', number: '33011012' })[0]).toMatch(/9 to 18 letters and digits/)
    expect(messages({ type: 'hukou', number: 'ABCDEFGH12' })[0]).toMatch(/at least 6 digits/)
  })

  it('sends a valid ID card number entered as a household register number to the ID card type', () => {
    expect(messages({ type: 'hukou', number: ID })[0]).toMatch(/choose the resident ID card/)
  })

  it('checks passports, Hong Kong/Macao and Taiwan permits', () => {
    expect(messages({ type: 'passport', number: 'E12345678' })).toEqual([])
    expect(messages({ type: 'passport', number: 'ABCDEFG' })[0]).toMatch(/must contain digits/)
    expect(messages({ type: 'hk_macao_permit', number: 'H12345678' })).toEqual([])
    expect(messages({ type: 'hk_macao_permit', number: 'm1234567890' })).toEqual([])
    expect(messages({ type: 'hk_macao_permit', number: 'H123456789' })[0]).toMatch(/8 or 10 digits/)
    expect(messages({ type: 'hk_macao_permit', number: 'X12345678' })[0]).toMatch(
      /start with H or M/,
    )
    expect(messages({ type: 'taiwan_permit', number: '12345678' })).toEqual([])
    expect(messages({ type: 'taiwan_permit', number: '12345678(01)' })).toEqual([])
    expect(messages({ type: 'taiwan_permit', number: 'A123456789' })).toEqual([])
    expect(messages({ type: 'taiwan_permit', number: '1234567' })[0]).toMatch(
      /8 digits, or 10 characters/,
    )
  })
})

describe('document masking', () => {
  it('keeps the first 4 and last 4 characters of an ID card', () => {
    const number = `3301101990030712${'3'}`
    const full = `${number}${idCardCheckChar(number)}`
    expect(maskDocumentNumber('id_card', full)).toBe(`3301**********${full.slice(-4)}`)
  })

  it('keeps 2 at each end of other documents, with at least 4 stars', () => {
    expect(maskDocumentNumber('passport', 'E12345678')).toBe('E1*****78')
    expect(maskDocumentNumber('taiwan_permit', '12345678')).toBe('12****78')
    expect(maskDocumentNumber('passport', 'E1234')).toBe('E****4')
  })

  it('normalises Taiwan permit brackets but keeps other documents as typed, uppercased', () => {
    expect(normaliseDocumentNumber('taiwan_permit', '12345678（01）')).toBe('1234567801')
    expect(normaliseDocumentNumber('passport', 'e 1234 5678')).toBe('E12345678')
  })
})
