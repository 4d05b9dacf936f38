import { describe, expect, it } from 'vitest'
import { maskName, personNameSchema } from './name.ts'

describe('maskName', () => {
  it('keeps the first and last character of a 3-character name', () => {
    expect(maskName('张三明')).toBe('张*明')
  })

  it('shows a 2-character name as its first character and a star', () => {
    expect(maskName('张明')).toBe('张*')
  })

  it('never shows more than 3 characters of a long name', () => {
    expect(maskName('欧阳建明')).toBe('欧*明')
    expect(maskName('John Smith')).toBe('J*h')
    expect([...maskName('阿依古丽·买买提')].length).toBe(3)
  })

  it('counts characters, not UTF-16 units', () => {
    expect(maskName('𠀋小明')).toBe('𠀋*明')
  })
})

describe('person names', () => {
  it('trims and collapses spaces', () => {
    expect(personNameSchema.parse('  John   Smith ')).toBe('John Smith')
  })

  it('accepts minority names with the middle dot', () => {
    expect(personNameSchema.parse('阿依古丽·买买提')).toBe('阿依古丽·买买提')
  })

  it('refuses an empty name, digits and markup', () => {
    expect(personNameSchema.safeParse('   ').success).toBe(false)
    expect(personNameSchema.safeParse('张3').success).toBe(false)
    expect(personNameSchema.safeParse('<b>x</b>').success).toBe(false)
  })

  it('refuses more than 50 characters', () => {
    expect(personNameSchema.safeParse('明'.repeat(51)).success).toBe(false)
    expect(personNameSchema.safeParse('明'.repeat(50)).success).toBe(true)
  })
})
