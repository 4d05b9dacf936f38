// Revoking a person: a reason for the audit log, then an explicit confirmation.
import { h } from '../../common/dom.ts'
import { formErrorBanner, textareaField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export function revokeForm(personId: string, revoked: () => void): HTMLElement {
  const confirmLine = h(
    'p',
    { class: 'notice', hidden: true, 'data-confirm': '' },
    t('people.revokeConfirm'),
  )
  const submit = h(
    'button',
    { type: 'submit', class: 'danger', 'data-action': 'revoke' },
    t('people.revoke'),
  )
  const form = h(
    'form',
    { class: 'card revoke', novalidate: true, 'data-form': 'revoke' },
    h('h2', null, t('people.revoke')),
    formErrorBanner(),
    textareaField({ path: 'reason', label: t('people.revokeReason'), rows: 2, maxlength: 500 }),
    confirmLine,
    h('div', { class: 'actions' }, submit),
  )

  // The first press asks; the second, with the warning in view, revokes.
  let armed = false
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!armed) {
      armed = true
      confirmLine.hidden = false
      submit.textContent = t('action.confirm')
      submit.setAttribute('data-action', 'confirm-revoke')
      return
    }
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        await staffApi.revokePerson(personId, valueOf(form, 'reason'))
        revoked()
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
        submit.disabled = false
      }
    })()
  })
  return form
}
