// Approve (colour, validity, note) or reject (a reason for the resident): the form that
// opens under a queue item. Enter confirms an approval, Ctrl+Enter a rejection.
import type { Colour, ReviewQueueItem } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { choicesOf, COLOUR_WORDS } from '../../common/domain-strings.ts'
import {
  formErrorBanner,
  inputField,
  selectField,
  textareaField,
  valueOf,
} from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export type DecisionKind = 'approve' | 'reject'

/** Days an approval lasts unless the reviewer says otherwise. */
const DEFAULT_VALID_DAYS = 14

export function decisionPanel(
  kind: DecisionKind,
  item: ReviewQueueItem,
  events: { cancelled: () => void; decided: (message: string) => void },
): HTMLElement {
  const confirm = h(
    'button',
    {
      type: 'submit',
      class: kind === 'reject' ? 'danger' : undefined,
      'data-action': `confirm-${kind}`,
    },
    kind === 'approve' ? t('review.confirmApprove') : t('review.confirmReject'),
  )
  const form = h(
    'form',
    { class: `decision decision-${kind}`, novalidate: true, 'data-form': kind },
    formErrorBanner(),
    kind === 'approve'
      ? [
          selectField({
            path: 'colour',
            label: t('review.colour'),
            choices: choicesOf(COLOUR_WORDS),
            value: item.suggestedColour,
          }),
          inputField({
            path: 'validDays',
            label: t('review.validDays'),
            type: 'number',
            inputmode: 'numeric',
            value: String(DEFAULT_VALID_DAYS),
          }),
          textareaField({ path: 'note', label: t('review.note'), rows: 2, maxlength: 500 }),
        ]
      : textareaField({ path: 'reason', label: t('review.reason'), rows: 3, maxlength: 500 }),
    h(
      'div',
      { class: 'actions' },
      confirm,
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-action': 'cancel', onclick: events.cancelled },
        t('action.cancel'),
      ),
    ),
  )

  const submit = async () => {
    clearFormErrors(form)
    confirm.disabled = true
    try {
      if (kind === 'approve') {
        const note = valueOf(form, 'note')
        const days = valueOf(form, 'validDays')
        await staffApi.approve(item.applicationId, {
          colour: valueOf(form, 'colour') as Colour,
          // An empty box goes as null, for the API to refuse in its own words.
          validDays: (days === '' ? null : Number(days)) as number,
          ...(note === '' ? {} : { note }),
        })
        events.decided(t('review.approved', { name: item.person.name }))
      } else {
        await staffApi.reject(item.applicationId, valueOf(form, 'reason'))
        events.decided(t('review.rejected', { name: item.person.name }))
      }
    } catch (error) {
      showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      confirm.disabled = false
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void submit()
  })
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') events.cancelled()
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit()
    }
  })

  // Focus where the next key matters: the confirm button (Enter), or the reason to type.
  queueMicrotask(() => {
    if (kind === 'approve') confirm.focus()
    else form.querySelector<HTMLTextAreaElement>('textarea')?.focus()
  })
  return form
}
