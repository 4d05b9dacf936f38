// Staff sign-in with username and password.
import { h, replaceChildren } from '../../common/dom.ts'
import { formErrorBanner, inputField, rawValueOf, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { staffApi } from '../api.ts'
import { homeOf } from '../nav.ts'
import { saveStaffSession } from '../session.ts'
import { t } from '../strings.ts'

export const loginPage: Page = (root) => {
  const submit = h('button', { type: 'submit', 'data-action': 'login' }, t('login.submit'))
  const form = h(
    'form',
    { class: 'card login-card', novalidate: true, 'data-form': 'staff-login' },
    h('h1', null, t('login.title')),
    formErrorBanner(),
    inputField({
      path: 'username',
      label: t('login.username'),
      autocomplete: 'username',
      maxlength: 64,
    }),
    inputField({
      path: 'password',
      label: t('login.password'),
      type: 'password',
      autocomplete: 'current-password',
      maxlength: 128,
    }),
    h('div', { class: 'actions' }, submit),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        const session = await staffApi.login(
          valueOf(form, 'username'),
          rawValueOf(form, 'password'),
        )
        saveStaffSession({
          token: session.token,
          expiresAt: session.expiresAt,
          staff: session.staff,
        })
        location.hash = `#${homeOf(session.staff.role)}`
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        submit.disabled = false
      }
    })()
  })
  replaceChildren(root, form)
  form.querySelector<HTMLInputElement>('[name=username]')?.focus()
}
