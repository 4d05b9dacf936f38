// Sign in with a mobile number and the SMS code sent to it.
import type { Page } from '../../common/router.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { formErrorBanner, inputField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import { residentApi } from '../api.ts'
import { saveSession } from '../session.ts'
import { t } from '../strings.ts'
import { sendCodeButton } from '../widgets/send-code-button.ts'

const CODE_FIELDS = {
  OTP_INVALID: 'code',
  OTP_EXPIRED: 'code',
  OTP_EXHAUSTED: 'code',
  RATE_LIMITED: 'phone',
}

export const loginPage: Page = (root, { signal }) => {
  const sentNote = h('p', { class: 'notice', role: 'status', hidden: true })
  const send = sendCodeButton({ signal, onclick: () => void sendCode() })
  const submit = h('button', { type: 'submit', 'data-action': 'login' }, t('login.submit'))
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'login' },
    formErrorBanner(),
    inputField({
      path: 'phone',
      label: t('login.phone'),
      hint: t('login.phoneHint'),
      type: 'tel',
      inputmode: 'tel',
      autocomplete: 'tel-national',
      maxlength: 24,
    }),
    send.element,
    sentNote,
    inputField({
      path: 'code',
      label: t('login.code'),
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 6,
    }),
    h('div', { class: 'actions stacked' }, submit),
  )

  const sendCode = async () => {
    clearFormErrors(form)
    send.element.disabled = true
    try {
      const sent = await residentApi.requestOtp(valueOf(form, 'phone'))
      if (signal.aborted) return
      send.started(sent)
      sentNote.textContent = t('login.sent', { m: Math.round(sent.expiresInSeconds / 60) })
      sentNote.hidden = false
      form.querySelector<HTMLInputElement>('[name=code]')?.focus()
    } catch (error) {
      send.element.disabled = false
      showFormErrors(form, error, { checkFields: t('errors.checkFields'), codeFields: CODE_FIELDS })
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        const session = await residentApi.login(valueOf(form, 'phone'), valueOf(form, 'code'))
        saveSession({
          token: session.token,
          expiresAt: session.expiresAt,
          phoneMasked: session.account.phoneMasked,
        })
        location.hash = '#/people'
      } catch (error) {
        showFormErrors(form, error, {
          checkFields: t('errors.checkFields'),
          codeFields: CODE_FIELDS,
        })
      } finally {
        submit.disabled = false
      }
    })()
  })

  replaceChildren(
    root,
    h('h1', null, t('login.title')),
    h('p', { class: 'muted' }, t('login.intro')),
    form,
  )
}
