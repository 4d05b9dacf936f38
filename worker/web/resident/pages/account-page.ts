// The account: its number, moving it to a new number, and signing out.
import type { Account } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { formErrorBanner, inputField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import { formatDate } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { currentSession, forgetSession, saveSession } from '../session.ts'
import { t } from '../strings.ts'
import { sendCodeButton } from '../widgets/send-code-button.ts'

export const accountPage: Page = (root, { signal }) => {
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const account = await residentApi.me({ signal })
      replaceChildren(root, ...accountView(account, signal))
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

function accountView(account: Account, signal: AbortSignal): HTMLElement[] {
  const phoneLine = h('p', { 'data-phone': '' }, t('account.phone', { phone: account.phoneMasked }))
  const signOut = h(
    'button',
    { type: 'button', class: 'secondary', 'data-action': 'sign-out' },
    t('action.signOut'),
  )
  signOut.addEventListener('click', () => {
    void residentApi
      .logout()
      .catch(() => {})
      .finally(() => {
        forgetSession()
        location.hash = '#/login'
      })
  })
  return [
    h('h1', null, t('account.title')),
    h(
      'section',
      { class: 'card' },
      phoneLine,
      h('p', { class: 'muted' }, t('account.since', { date: formatDate(account.createdAt) })),
    ),
    changePhoneForm(phoneLine, signal),
    h('div', { class: 'actions' }, signOut),
  ]
}

function changePhoneForm(phoneLine: HTMLElement, signal: AbortSignal): HTMLElement {
  const done = h('p', { class: 'notice', role: 'status', hidden: true })
  const send = sendCodeButton({ signal, onclick: () => void sendCode() })
  const submit = h(
    'button',
    { type: 'submit', 'data-action': 'change-phone' },
    t('account.confirmChange'),
  )
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'change-phone' },
    h('h2', null, t('account.changePhone')),
    h('p', { class: 'muted' }, t('account.changeIntro')),
    formErrorBanner(),
    inputField({
      path: 'newPhone',
      label: t('account.newPhone'),
      type: 'tel',
      inputmode: 'tel',
      maxlength: 24,
    }),
    send.element,
    inputField({
      path: 'code',
      label: t('login.code'),
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 6,
    }),
    h('div', { class: 'actions' }, submit),
    done,
  )
  const codeFields = {
    OTP_INVALID: 'code',
    OTP_EXPIRED: 'code',
    OTP_EXHAUSTED: 'code',
    PHONE_TAKEN: 'newPhone',
    CONFLICT: 'newPhone',
  }

  const sendCode = async () => {
    clearFormErrors(form)
    send.element.disabled = true
    try {
      send.started(await residentApi.requestPhoneChange(valueOf(form, 'newPhone')))
    } catch (error) {
      send.element.disabled = false
      showFormErrors(form, error, { checkFields: t('errors.checkFields'), codeFields })
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        const account = await residentApi.changePhone(
          valueOf(form, 'newPhone'),
          valueOf(form, 'code'),
        )
        const session = currentSession()
        if (session !== null) saveSession({ ...session, phoneMasked: account.phoneMasked })
        phoneLine.textContent = t('account.phone', { phone: account.phoneMasked })
        done.textContent = t('account.changed', { phone: account.phoneMasked })
        done.hidden = false
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields'), codeFields })
      } finally {
        submit.disabled = false
      }
    })()
  })
  return form
}
