import { describe, expect, it } from 'vitest'
import { decodeBase64url, encodeBase64url, randomId } from './base64url.ts'

describe('base64url', () => {
  it('matches Node for every length up to 64 bytes', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff)
      const expected = Buffer.from(bytes).toString('base64url')
      expect(encodeBase64url(bytes)).toBe(expected)
      expect(Buffer.from(decodeBase64url(expected)!)).toEqual(Buffer.from(bytes))
    }
  })

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(decodeBase64url('ab+c')).toBeNull()
    expect(decodeBase64url('abc=')).toBeNull()
    expect(decodeBase64url('abcde')).toBeNull()
  })

  it('makes random ids of the asked length', () => {
    expect(randomId(11)).toMatch(/^[A-Za-z0-9_-]{11}$/)
    expect(new Set(Array.from({ length: 100 }, () => randomId(8))).size).toBe(100)
  })
})
