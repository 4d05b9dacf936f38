// Loading and failure placeholders for a page section, with a retry button.
import { commonStrings } from './common-strings.ts'
import { h } from './dom.ts'
import { describeFailure, errorNode } from './error-text.ts'
import { ApiError } from './api-error.ts'
import { translator } from './i18n.ts'

const t = translator(commonStrings)

export function loadingLine(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('state.loading'))
}

export function failureLine(error: unknown, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'failure', role: 'alert' },
    h('strong', null, t('state.loadFailed')),
    ' ',
    error instanceof ApiError ? errorNode(error) : describeFailure(error).text,
    retry === undefined
      ? null
      : h('button', { type: 'button', class: 'secondary', onclick: retry }, t('action.retry')),
  )
}
