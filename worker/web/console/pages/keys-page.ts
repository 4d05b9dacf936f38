// Signing keys: which one signs, which are published, which are retired; rotate and retire.
import type { SigningKey, SigningKeyList } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { errorNode } from '../../common/error-text.ts'
import { ApiError } from '../../common/api-error.ts'
import { formatDateTime } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export const keysPage: Page = (root, { signal }) => {
  const body = h('div', null, loadingLine())
  const problem = h('div', { role: 'alert' })
  replaceChildren(root, h('h1', null, t('keys.title')), problem, body)

  const act = (action: Promise<SigningKeyList>) => {
    problem.replaceChildren()
    action.then(
      (list) => replaceChildren(body, keyTable(list.keys, act)),
      (error: unknown) =>
        replaceChildren(problem, error instanceof ApiError ? errorNode(error) : failureLine(error)),
    )
  }
  const load = async () => {
    try {
      replaceChildren(body, keyTable((await staffApi.keys({ signal })).keys, act))
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          body,
          failureLine(error, () => void load()),
        )
    }
  }
  void load()
}

function keyTable(
  keys: readonly SigningKey[],
  act: (action: Promise<SigningKeyList>) => void,
): HTMLElement {
  return h(
    'table',
    { class: 'keys' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, 'kid'),
        h('th', null, t('keys.state')),
        h('th', null, t('keys.inSecret')),
        h('th', null, ''),
        h('th', null, ''),
      ),
    ),
    h(
      'tbody',
      null,
      keys.map((key) =>
        h(
          'tr',
          { 'data-kid': key.kid, 'data-state': key.state },
          h('td', null, h('code', null, key.kid)),
          h('td', null, key.state, ' · ', formatDateTime(key.activatedAt ?? key.createdAt)),
          h('td', null, key.inSecret ? t('yes') : t('no')),
          h(
            'td',
            null,
            key.state === 'published' && key.inSecret
              ? h(
                  'button',
                  { type: 'button', onclick: () => act(staffApi.activateKey(key.kid)) },
                  t('keys.activate'),
                )
              : null,
          ),
          h('td', null, key.state === 'published' ? retireButton(key.kid, act) : null),
        ),
      ),
    ),
  )
}

function retireButton(kid: string, act: (action: Promise<SigningKeyList>) => void): HTMLElement {
  let armed = false
  const button = h('button', { type: 'button', class: 'secondary' }, t('keys.retire'))
  button.addEventListener('click', () => {
    if (!armed) {
      armed = true
      button.textContent = t('keys.confirmRetire')
      button.classList.add('danger')
      return
    }
    act(staffApi.retireKey(kid))
  })
  return button
}
