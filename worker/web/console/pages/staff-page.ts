// Staff accounts: add reviewers and admins, disable and enable them.
import type { StaffAccount, StaffRole } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import {
  formErrorBanner,
  inputField,
  rawValueOf,
  selectField,
  valueOf,
} from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export const staffPage: Page = (root, { signal }) => {
  const table = h('div', null, loadingLine())
  const load = async () => {
    try {
      replaceChildren(
        table,
        staffTable(await staffApi.staff({ signal }), () => void load()),
      )
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          table,
          failureLine(error, () => void load()),
        )
    }
  }
  replaceChildren(
    root,
    h('h1', null, t('staff.title')),
    addStaffForm(() => void load()),
    table,
  )
  void load()
}

function addStaffForm(added: () => void): HTMLElement {
  const done = h('p', { class: 'notice', role: 'status', hidden: true })
  const submit = h('button', { type: 'submit', 'data-action': 'add-staff' }, t('staff.create'))
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'add-staff' },
    h('h2', null, t('staff.add')),
    formErrorBanner(),
    inputField({
      path: 'username',
      label: t('staff.username'),
      maxlength: 32,
      autocomplete: 'off',
    }),
    inputField({ path: 'displayName', label: t('staff.displayName'), maxlength: 64 }),
    selectField({
      path: 'role',
      label: t('staff.role'),
      choices: [
        ['reviewer', t('role.reviewer')],
        ['admin', t('role.admin')],
      ],
    }),
    inputField({
      path: 'password',
      label: t('staff.password'),
      type: 'password',
      autocomplete: 'new-password',
      maxlength: 128,
    }),
    h('div', { class: 'actions' }, submit),
    done,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      done.hidden = true
      submit.disabled = true
      try {
        const answer = await staffApi.createStaff({
          username: valueOf(form, 'username'),
          displayName: valueOf(form, 'displayName'),
          role: valueOf(form, 'role') as StaffRole,
          password: rawValueOf(form, 'password'),
        })
        form.reset()
        done.textContent = t('staff.created', { username: answer.staff.username })
        done.hidden = false
        added()
      } catch (error) {
        showFormErrors(form, error, {
          checkFields: t('errors.checkFields'),
          codeFields: { CONFLICT: 'username' },
        })
      } finally {
        submit.disabled = false
      }
    })()
  })
  return form
}

function staffTable(accounts: readonly StaffAccount[], changed: () => void): HTMLElement {
  return h(
    'table',
    { class: 'staff' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, t('staff.username')),
        h('th', null, t('staff.displayName')),
        h('th', null, t('staff.role')),
        h('th', null, ''),
      ),
    ),
    h(
      'tbody',
      null,
      accounts.map((account) =>
        h(
          'tr',
          { 'data-username': account.username },
          h('td', null, account.username),
          h('td', null, account.displayName),
          h(
            'td',
            null,
            t(`role.${account.role}`),
            account.disabledAt === null ? '' : ` · ${t('staff.disabled')}`,
          ),
          h(
            'td',
            null,
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  void staffApi
                    .updateStaff(account.id, { disabled: account.disabledAt === null })
                    .then(changed, changed),
              },
              account.disabledAt === null ? t('staff.disable') : t('staff.enable'),
            ),
          ),
        ),
      ),
    ),
  )
}
