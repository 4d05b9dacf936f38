// The line rules shared by every line-based scan source.
import { describe, expect, test } from 'vitest'
import { LineSplitter } from './line-splitter.ts'

const bytes = (text: string) => Buffer.from(text, 'latin1')

describe('LineSplitter', () => {
  test('keeps a partial line until its terminator arrives', () => {
    const splitter = new LineSplitter()

    expect(splitter.push(bytes('abc'))).toEqual([])
    expect(splitter.push(bytes('def\r'))).toEqual([{ text: 'abcdef' }])
  })

  test('counts CRLF split across chunks as one terminator, and CR CR as two', () => {
    const splitter = new LineSplitter()

    expect(splitter.push(bytes('a\r'))).toEqual([{ text: 'a' }])
    expect(splitter.push(bytes('\nb\r\rc\n'))).toEqual([{ text: 'b' }, { text: 'c' }])
  })

  test('accepts a line of exactly the limit and refuses one byte more', () => {
    const splitter = new LineSplitter(8)

    expect(splitter.push(bytes('12345678\n'))).toEqual([{ text: '12345678' }])
    expect(splitter.push(bytes('123456789'))).toEqual([{ text: '', problem: 'too_long' }])
    expect(splitter.push(bytes('more and more\nok\n'))).toEqual([{ text: 'ok' }])
  })

  test('does not count noise bytes towards the limit', () => {
    const splitter = new LineSplitter(4)

    expect(splitter.push(bytes('\x00a\x00b\x00c\x00d\x00\n'))).toEqual([{ text: 'abcd' }])
  })

  test('flags a truncated multi-byte character as not_utf8', () => {
    const splitter = new LineSplitter()

    expect(splitter.push(Uint8Array.of(0xe5, 0xbc, 0x0a))).toEqual([
      { text: '\uFFFD', problem: 'not_utf8' },
    ])
  })

  test('forgets a partial line on reset', () => {
    const splitter = new LineSplitter()
    splitter.push(bytes('stale'))

    splitter.reset()

    expect(splitter.push(bytes('fresh\n'))).toEqual([{ text: 'fresh' }])
  })

  test('refuses a limit below one byte', () => {
    expect(() => new LineSplitter(0)).toThrow(
      expect.objectContaining({ code: 'SCANNER_CONFIG_INVALID' }),
    )
  })
})
