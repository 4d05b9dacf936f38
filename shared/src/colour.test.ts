import { describe, expect, it } from 'vitest'
import { isStricterColour } from './colour.ts'

describe('isStricterColour', () => {
  it('is true for every change that lets the holder through less', () => {
    expect(isStricterColour('green', 'yellow')).toBe(true)
    expect(isStricterColour('green', 'red')).toBe(true)
    expect(isStricterColour('yellow', 'red')).toBe(true)
    expect(isStricterColour('yellow', null)).toBe(true)
    expect(isStricterColour('red', null)).toBe(true)
  })

  it('is false for the same colour, a milder one, or no colour before', () => {
    expect(isStricterColour('yellow', 'yellow')).toBe(false)
    expect(isStricterColour('red', 'yellow')).toBe(false)
    expect(isStricterColour('yellow', 'green')).toBe(false)
    expect(isStricterColour(null, 'red')).toBe(false)
    expect(isStricterColour(null, null)).toBe(false)
  })
})
