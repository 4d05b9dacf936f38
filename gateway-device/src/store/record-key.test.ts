import { describe, expect, it } from 'vitest'
import { unpackKey, writeKey } from './record-key.ts'
import { randomId, seededRandom } from './testing/random-ids.ts'

function key(id: string): [number, number, number] {
  const out = new Uint32Array(3)
  writeKey(id, out, 0)
  return [out[0]!, out[1]!, out[2]!]
}

describe('record keys', () => {
  it('packs a 16-character id losslessly', () => {
    const random = seededRandom(1)
    for (let i = 0; i < 1000; i++) {
      const id = randomId(random)
      expect(unpackKey(...key(id))).toBe(id)
    }
  })

  it('packs the alphabet edges', () => {
    expect(key('AAAAAAAAAAAAAAAA')).toEqual([0, 0, 0])
    expect(key('________________')).toEqual([0xffffffff, 0xffffffff, 0xffffffff])
    expect(unpackKey(...key('A_-zZa09AAAA____'))).toBe('A_-zZa09AAAA____')
  })

  it('orders packed keys as the ids sort in base64url value order', () => {
    const a = key('AAAAAAAAAAAAAAAB')
    const b = key('AAAAAAAAAAAAAAAC')
    const c = key('BAAAAAAAAAAAAAAA')
    expect(a[2]).toBeLessThan(b[2])
    expect(b[0]).toBeLessThan(c[0])
  })

  it('gives ids of other lengths distinct keys, even ones that look alike', () => {
    const ids = [
      'AAAAAAAA',
      'AAAAAAAAA',
      'AAAAAAAAAAAAAAAAA',
      'AAAAAAAAAAAAAAA',
      'jti000',
      'jti0000',
    ]
    const keys = new Set(ids.map((id) => key(id).join(',')))
    keys.add(key('AAAAAAAAAAAAAAAA').join(','))
    expect(keys.size).toBe(ids.length + 1)
  })

  it('is stable for hashed ids', () => {
    expect(key('a-22-character-subject')).toEqual(key('a-22-character-subject'))
  })

  it('spreads hashed ids over the prefix index', () => {
    const random = seededRandom(2)
    const prefixes = new Set<number>()
    for (let i = 0; i < 10_000; i++) prefixes.add(key(randomId(random, 22))[0] >>> 16)
    expect(prefixes.size).toBeGreaterThan(9_000)
  })
})
