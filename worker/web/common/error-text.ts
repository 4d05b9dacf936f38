// What a page says about a failure: the API's message, with the Chinese beside it when known.
import { ApiError } from './api-error.ts'
import { h } from './dom.ts'
import { chineseForApiMessage } from './error-messages-zh.ts'
import { currentLanguage } from './preferences.ts'

export interface ErrorText {
  /** What the reader sees first, in their language where we know it. */
  text: string
  /** The API's own words when `text` is a translation of them; else null. */
  original: string | null
}

const UNKNOWN: Readonly<Record<'zh' | 'en', string>> = {
  zh: '出错了，请稍后再试',
  en: 'Something went wrong: try again later',
}

export function errorText(error: ApiError | string): ErrorText {
  const message = typeof error === 'string' ? error : error.message
  if (currentLanguage() === 'en') return { text: message, original: null }
  const zh = chineseForApiMessage(message)
  return zh === null ? { text: message, original: null } : { text: zh, original: message }
}

/** Text for anything thrown: an ApiError's message, or a generic apology. */
export function describeFailure(error: unknown): ErrorText {
  if (error instanceof ApiError) return errorText(error)
  return { text: UNKNOWN[currentLanguage()], original: null }
}

/**
 * The message as an element: the reader's text, and beneath it the API's own words when
 * the text is a translation. `data-api-message` always carries the API's text.
 */
export function errorNode(error: ApiError | string, className = 'error-text'): HTMLElement {
  const apiMessage = typeof error === 'string' ? error : error.message
  const { text, original } = errorText(error)
  const code = typeof error === 'string' ? undefined : error.code
  return h(
    'span',
    { class: className, 'data-api-message': apiMessage, 'data-api-code': code },
    h('span', { class: 'error-main' }, text),
    original === null ? null : h('span', { class: 'error-original', lang: 'en' }, original),
  )
}
