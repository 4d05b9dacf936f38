import { describe, expect, it } from 'vitest'
import { maskPhone, mobilePhoneSchema } from './phone.ts'

describe('mainland mobile numbers', () => {
  it('accepts 11 digits with or without +86, spaces and hyphens', () => {
    expect(mobilePhoneSchema.parse('13812345678')).toBe('13812345678')
    expect(mobilePhoneSchema.parse('+86 138 1234 5678')).toBe('13812345678')
    expect(mobilePhoneSchema.parse('0086-138-1234-5678')).toBe('13812345678')
  })

  it('refuses landlines, short numbers, a second digit below 3 and other countries', () => {
    for (const bad of [
      '12812345678',
      '1381234567',
      '057188888888',
      '+85291234567',
      '+1 415 555 0100',
    ]) {
      expect(mobilePhoneSchema.safeParse(bad).success, bad).toBe(false)
    }
  })

  it('masks the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
})
