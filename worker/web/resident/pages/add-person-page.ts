// Add oneself (#/add/self) or a dependant (#/add/other), then go on to the declaration.
import { h, replaceChildren } from '../../common/dom.ts'
import { formErrorBanner } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { residentApi } from '../api.ts'
import { t } from '../strings.ts'
import { personFields, readPersonFields } from '../widgets/person-fields.ts'

export const addPersonPage: Page = (root, { params }) => {
  const self = params.kind === 'self'
  const submit = h('button', { type: 'submit', 'data-action': 'add-person' }, t('form.add'))
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'add-person' },
    formErrorBanner(),
    personFields('', {}, self ? { fixedRelationship: 'self' } : {}),
    h(
      'div',
      { class: 'actions' },
      submit,
      h('a', { class: 'button secondary', href: '#/people' }, t('action.cancel')),
    ),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        const person = await residentApi.addPerson(readPersonFields(form, ''))
        location.hash = `#/people/${person.id}/apply`
      } catch (error) {
        showFormErrors(form, error, {
          checkFields: t('errors.checkFields'),
          codeFields: { DOCUMENT_TAKEN: 'document.number', CONFLICT: 'relationship' },
        })
      } finally {
        submit.disabled = false
      }
    })()
  })

  replaceChildren(
    root,
    h('h1', null, self ? t('people.addSelf') : t('form.addTitle')),
    self ? null : h('p', { class: 'muted' }, t('form.addIntro')),
    form,
  )
}
