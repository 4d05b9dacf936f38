// Change what needs no review: address, workplace, relationship.
import type { Person, Relationship } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { choicesOf, RELATIONSHIP_WORDS } from '../../common/domain-strings.ts'
import { formErrorBanner, inputField, selectField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi, type PersonPatch } from '../api.ts'
import { t } from '../strings.ts'

export const editPersonPage: Page = (root, { params, signal }) => {
  const personId = params.personId ?? ''
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const person = await residentApi.person(personId, { signal })
      replaceChildren(root, h('h1', null, t('form.editTitle')), editForm(person))
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

function editForm(person: Person): HTMLElement {
  const submit = h('button', { type: 'submit', 'data-action': 'save-person' }, t('action.save'))
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'edit-person' },
    formErrorBanner(),
    h('p', null, h('strong', null, person.name), ` · ${person.document.masked}`),
    person.relationship === 'self'
      ? null
      : selectField({
          path: 'relationship',
          label: t('form.relationship'),
          choices: choicesOf(RELATIONSHIP_WORDS).filter(([value]) => value !== 'self'),
          value: person.relationship,
        }),
    inputField({
      path: 'address',
      label: t('form.address'),
      value: person.address,
      maxlength: 200,
    }),
    inputField({
      path: 'workplace',
      label: t('form.workplace'),
      value: person.workplace ?? undefined,
      maxlength: 200,
    }),
    h(
      'div',
      { class: 'actions' },
      submit,
      h('a', { class: 'button secondary', href: `#/people/${person.id}` }, t('action.cancel')),
    ),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      const workplace = valueOf(form, 'workplace')
      const patch: PersonPatch = {
        address: valueOf(form, 'address'),
        workplace: workplace === '' ? null : workplace,
      }
      if (person.relationship !== 'self')
        patch.relationship = valueOf(form, 'relationship') as Relationship
      try {
        await residentApi.patchPerson(person.id, patch)
        location.hash = `#/people/${person.id}`
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        submit.disabled = false
      }
    })()
  })
  return form
}
