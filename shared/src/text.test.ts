import { describe, expect, it } from 'vitest'
import { isPlainMultilineText, isPlainText } from './text.ts'

describe('plain text', () => {
  it('accepts Chinese, Latin, emoji, punctuation and the middle dot', () => {
    const texts = ['浙江省杭州市余杭区文一西路 969 号', "O'Brien-Smith", '阿依古丽·买买提', '🙂 ok']
    for (const text of texts) {
      expect(isPlainText(text), text).toBe(true)
      expect(isPlainMultilineText(text), text).toBe(true)
    }
  })

  it('refuses NUL and other control characters', () => {
    for (const text of ['a\u0000b', 'a\u0007b', 'a\u001Bb', 'a\u007Fb', 'a\u0085b']) {
      expect(isPlainText(text), JSON.stringify(text)).toBe(false)
      expect(isPlainMultilineText(text), JSON.stringify(text)).toBe(false)
    }
  })

  it('refuses direction overrides, embeddings and isolates', () => {
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E']
    for (const c of [...controls, '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(isPlainText(`invoice${c}fdp.exe`)).toBe(false)
      expect(isPlainMultilineText(`invoice${c}fdp.exe`)).toBe(false)
    }
  })

  it('refuses lone surrogates but not the pairs that make an emoji', () => {
    expect(isPlainText('a\uD800b')).toBe(false)
    expect(isPlainText('a\uDC00')).toBe(false)
    expect(isPlainText('\uD83D\uDE42')).toBe(true)
  })

  it('lets only multi-line text hold line breaks and tabs', () => {
    const reason = '请补充住址\r\n并重新提交\t谢谢'
    expect(isPlainText(reason)).toBe(false)
    expect(isPlainMultilineText(reason)).toBe(true)
  })
})
