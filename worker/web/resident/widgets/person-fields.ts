// The fields that say who a person is, named by their API paths (under `details.` when they
// travel inside an application).
import type { DocumentType, PersonDetailsInput, Relationship } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { choicesOf, DOCUMENT_WORDS, RELATIONSHIP_WORDS } from '../../common/domain-strings.ts'
import { inputField, selectField, valueOf } from '../../common/fields.ts'
import { t } from '../strings.ts'

export interface PersonFieldValues {
  name?: string
  documentType?: DocumentType
  address?: string
  workplace?: string | null
  relationship?: Relationship
}

/** `prefix` is '' for POST /people and 'details.' inside an application. */
export function personFields(
  prefix: string,
  values: PersonFieldValues,
  options: {
    /** The relationship is fixed (adding oneself): no choice shown. */
    fixedRelationship?: Relationship
  },
): HTMLElement {
  const hint = h('p', { class: 'hint', 'data-hint': 'document' })
  const showHint = (type: string) => {
    hint.textContent = type === 'hukou' ? t('form.hukouHint') : ''
  }
  const documentType = values.documentType ?? 'id_card'
  showHint(documentType)

  const relationships = choicesOf(RELATIONSHIP_WORDS).filter(([value]) => value !== 'self')
  return h(
    'div',
    { class: 'person-fields' },
    options.fixedRelationship === undefined
      ? selectField({
          path: `${prefix}relationship`,
          label: t('form.relationship'),
          choices: relationships,
          value: values.relationship ?? 'child',
        })
      : h('input', {
          type: 'hidden',
          name: `${prefix}relationship`,
          value: options.fixedRelationship,
        }),
    inputField({
      path: `${prefix}name`,
      label: t('form.name'),
      hint: t('form.nameHint'),
      value: values.name,
      autocomplete: 'name',
      maxlength: 100,
    }),
    selectField({
      path: `${prefix}document.type`,
      label: t('form.documentType'),
      choices: choicesOf(DOCUMENT_WORDS),
      value: documentType,
      onchange: showHint,
    }),
    inputField({
      path: `${prefix}document.number`,
      label: t('form.documentNumber'),
      autocomplete: 'off',
      maxlength: 40,
    }),
    hint,
    inputField({
      path: `${prefix}address`,
      label: t('form.address'),
      value: values.address,
      autocomplete: 'street-address',
      maxlength: 200,
    }),
    inputField({
      path: `${prefix}workplace`,
      label: t('form.workplace'),
      value: values.workplace ?? undefined,
      autocomplete: 'organization',
      maxlength: 200,
    }),
  )
}

/** The details as typed: the API normalises and judges them. */
export function readPersonFields(form: HTMLElement, prefix: string): PersonDetailsInput {
  const workplace = valueOf(form, `${prefix}workplace`)
  const details: PersonDetailsInput = {
    name: valueOf(form, `${prefix}name`),
    document: {
      type: valueOf(form, `${prefix}document.type`),
      number: valueOf(form, `${prefix}document.number`),
    } as PersonDetailsInput['document'],
    address: valueOf(form, `${prefix}address`),
    relationship: valueOf(form, `${prefix}relationship`) as Relationship,
  }
  if (workplace !== '') details.workplace = workplace
  return details
}
