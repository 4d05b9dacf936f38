// Apply, resubmit or update: the health declaration, and corrected details when needed.
import type {
  Application,
  ApplicationSubmit,
  HealthDeclarationInput,
  Person,
} from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { formErrorBanner } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { t } from '../strings.ts'
import { declarationFields, readDeclaration } from '../widgets/declaration-fields.ts'
import { personFields, readPersonFields } from '../widgets/person-fields.ts'

export const applyPage: Page = (root, { params, signal }) => {
  const personId = params.personId ?? ''
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const [person, applications] = await Promise.all([
        residentApi.person(personId, { signal }),
        residentApi.applications(personId, { signal }),
      ])
      replaceChildren(root, ...applyView(person, applications[0] ?? null))
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

function applyView(person: Person, latest: Application | null): HTMLElement[] {
  const details = h(
    'div',
    { class: 'details-fields', hidden: true },
    personFields(
      'details.',
      {
        name: person.name,
        documentType: person.document.type,
        address: person.address,
        workplace: person.workplace,
        relationship: person.relationship,
      },
      person.relationship === 'self' ? { fixedRelationship: 'self' } : {},
    ),
  )
  const correct = h('input', { type: 'checkbox', name: 'correctDetails' })
  correct.addEventListener('change', () => {
    details.hidden = !correct.checked
  })

  const submit = h(
    'button',
    { type: 'submit', 'data-action': 'submit-application', disabled: true },
    t('apply.submit'),
  )
  const promise = h('input', { type: 'checkbox', name: 'promise' })
  promise.addEventListener('change', () => {
    submit.disabled = !promise.checked
  })

  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'apply' },
    formErrorBanner(),
    person.status === 'draft'
      ? null
      : h(
          'label',
          { class: 'choice correct-details' },
          correct,
          h('span', null, t('apply.correctDetails')),
        ),
    details,
    declarationFields(previousDeclaration(latest)),
    h('label', { class: 'choice promise' }, promise, h('span', null, t('apply.declare'))),
    h('div', { class: 'actions stacked' }, submit),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      const body: ApplicationSubmit = { declaration: readDeclaration(form) }
      // The details travel only when they are being corrected (or for a person never applied
      // for, whose page never offered the choice: the current details stand then).
      if (correct.checked) body.details = readPersonFields(form, 'details.')
      try {
        await residentApi.submitApplication(person.id, body)
        location.hash = `#/people/${person.id}`
      } catch (error) {
        showFormErrors(form, error, {
          checkFields: t('errors.checkFields'),
          codeFields: { DOCUMENT_TAKEN: 'details.document.number' },
        })
        submit.disabled = !promise.checked
      }
    })()
  })

  return [
    h('h1', null, t('apply.title')),
    h('p', { class: 'muted' }, t('apply.for', { name: person.name })),
    form,
  ]
}

/** The last declaration, to start from; today's temperature is always typed afresh. */
function previousDeclaration(latest: Application | null): HealthDeclarationInput | null {
  const declaration = latest?.declaration
  if (declaration === null || declaration === undefined) return null
  return {
    temperatureCelsius: Number.NaN,
    symptoms: declaration.symptoms,
    regionsVisited: declaration.regionsVisited,
    confirmedContact: declaration.confirmedContact,
  }
}
