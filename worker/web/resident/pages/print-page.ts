// A paper pass for a dependant without a phone: made on request, printed from the browser.
import type { IssuedCode, Person } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { COLOUR_WORDS, word } from '../../common/domain-strings.ts'
import { errorNode } from '../../common/error-text.ts'
import { ApiError } from '../../common/api-error.ts'
import { formatDateTime } from '../../common/format.ts'
import { drawQrSymbol } from '../../common/qr-symbol.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { t } from '../strings.ts'

export const printPage: Page = (root, { params, signal }) => {
  const personId = params.personId ?? ''
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const person = await residentApi.person(personId, { signal })
      replaceChildren(root, ...printView(person))
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          root,
          failureLine(error, () => void load()),
        )
    }
  }
  void load()
}

function printView(person: Person): HTMLElement[] {
  if (person.status !== 'approved') {
    return [
      h('h1', null, t('print.title')),
      h('p', { class: 'notice' }, t('print.notApproved')),
      h('a', { class: 'button secondary', href: `#/people/${person.id}` }, t('action.back')),
    ]
  }
  const result = h('div', { class: 'printed-pass-slot' })
  const make = h('button', { type: 'button', 'data-action': 'make-pass' }, t('print.make'))
  make.addEventListener('click', () => {
    void (async () => {
      make.disabled = true
      try {
        const pass = await residentApi.printedPass(person.id)
        replaceChildren(result, passSheet(pass, person))
        make.hidden = true
      } catch (error) {
        replaceChildren(result, error instanceof ApiError ? errorNode(error) : failureLine(error))
        make.disabled = false
      }
    })()
  })
  return [
    h('h1', { class: 'no-print' }, t('print.title')),
    h('p', { class: 'muted no-print' }, t('print.intro')),
    h('div', { class: 'actions no-print' }, make),
    result,
  ]
}

function passSheet(pass: IssuedCode, person: Person): HTMLElement {
  const colour = word(COLOUR_WORDS, pass.colour)
  const symbol = drawQrSymbol(pass.qrText, { label: t('code.qrLabel', { colour }) })
  return h(
    'div',
    {},
    h(
      'article',
      {
        class: `printed-pass colour-${pass.colour}`,
        'data-colour': pass.colour,
        'data-kind': pass.kind,
      },
      h('header', null, h('strong', null, t('app.title')), ` · ${t('print.title')}`),
      h('div', { class: 'code-name' }, pass.nameMasked),
      h('div', { class: 'pass-colour' }, colour),
      h('div', { class: 'qr-frame' }, symbol.element),
      h('p', null, t('print.validUntil', { date: formatDateTime(pass.expiresAt) })),
      h('p', { class: 'muted' }, person.document.masked),
      h('p', { class: 'muted' }, t('print.note')),
    ),
    h(
      'div',
      { class: 'actions no-print' },
      h(
        'button',
        { type: 'button', 'data-action': 'print', onclick: () => window.print() },
        t('action.print'),
      ),
    ),
  )
}
