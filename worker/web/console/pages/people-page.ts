// Find a person by the account's mobile number or by exact document number; masked results.
import type { AdminPersonSummary, DocumentType, PeopleSearchRequest } from '@greengate/shared'
import { h, replaceChildren } from '../../common/dom.ts'
import { choicesOf, DOCUMENT_WORDS, RELATIONSHIP_WORDS, word } from '../../common/domain-strings.ts'
import { formErrorBanner, inputField, selectField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'
import { colourBadge, statusBadge } from '../widgets/badges.ts'

export const peoplePage: Page = (root) => {
  const results = h('div', { class: 'results', 'data-results': '' })
  const phone = inputField({
    path: 'phone',
    label: t('people.byPhone'),
    type: 'tel',
    inputmode: 'tel',
    maxlength: 24,
  })
  const doc = h(
    'div',
    { class: 'doc-fields', hidden: true },
    selectField({
      path: 'document.type',
      label: t('people.docType'),
      choices: choicesOf(DOCUMENT_WORDS),
    }),
    inputField({ path: 'document.number', label: t('people.byDoc'), maxlength: 40 }),
  )
  const submit = h('button', { type: 'submit', 'data-action': 'search' }, t('people.search'))
  const form = h(
    'form',
    { class: 'card search-form', novalidate: true, 'data-form': 'people-search', role: 'search' },
    formErrorBanner(),
    selectField({
      path: 'by',
      label: t('people.by'),
      choices: [
        ['phone', t('people.byPhone')],
        ['doc', t('people.byDoc')],
      ],
      onchange: (by) => {
        phone.hidden = by !== 'phone'
        doc.hidden = by !== 'doc'
      },
    }),
    phone,
    doc,
    h('div', { class: 'actions' }, submit),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      const search: PeopleSearchRequest =
        valueOf(form, 'by') === 'phone'
          ? { phone: valueOf(form, 'phone') }
          : {
              document: {
                type: valueOf(form, 'document.type') as DocumentType,
                number: valueOf(form, 'document.number'),
              },
            }
      try {
        drawResults(results, await staffApi.searchPeople(search))
      } catch (error) {
        results.replaceChildren()
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        submit.disabled = false
      }
    })()
  })
  replaceChildren(root, h('h1', null, t('people.title')), form, results)
}

function drawResults(results: HTMLElement, people: readonly AdminPersonSummary[]): void {
  if (people.length === 0) {
    replaceChildren(results, h('p', { class: 'notice' }, t('people.none')))
    return
  }
  replaceChildren(
    results,
    people.map((person) =>
      h(
        'a',
        { class: 'card result', href: `#/people/${person.id}`, 'data-person-id': person.id },
        h('strong', null, person.nameMasked),
        ` · ${word(RELATIONSHIP_WORDS, person.relationship)} · `,
        `${word(DOCUMENT_WORDS, person.document.type)} ${person.document.masked} · `,
        t('people.account', { phone: person.phoneMasked }),
        ' ',
        statusBadge(person.status),
        person.colour === null ? null : colourBadge(person.colour),
      ),
    ),
  )
}
