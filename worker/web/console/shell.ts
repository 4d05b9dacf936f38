// The frame around every console page: title, the signed-in person, role-aware navigation.
import { h, replaceChildren } from '../common/dom.ts'
import { settingsBar } from '../common/settings-bar.ts'
import { staffApi } from './api.ts'
import { sectionsFor } from './nav.ts'
import { forgetStaffSession, staffSession } from './session.ts'
import { t } from './strings.ts'

export interface Shell {
  main: HTMLElement
  redraw(): void
}

export function consoleShell(body: HTMLElement): Shell {
  const header = h('header', { class: 'console-header' })
  const nav = h('nav', { class: 'console-nav', 'aria-label': 'sections' })
  const main = h('main', { id: 'content', class: 'console-main', tabindex: '-1' })

  const redraw = () => {
    const session = staffSession()
    const current = location.hash.replace(/^#/, '')
    replaceChildren(
      header,
      h('strong', { class: 'brand' }, t('app.title')),
      session === null
        ? null
        : h(
            'div',
            { class: 'who' },
            h('span', { 'data-staff-name': '' }, session.staff.displayName),
            h(
              'span',
              { class: 'badge', 'data-role': session.staff.role },
              t(`role.${session.staff.role}`),
            ),
            h(
              'button',
              { type: 'button', class: 'secondary', 'data-action': 'sign-out', onclick: signOut },
              t('action.signOut'),
            ),
          ),
      settingsBar(),
    )
    replaceChildren(
      nav,
      session === null
        ? null
        : sectionsFor(session.staff.role).map((section) =>
            h(
              'a',
              {
                href: `#${section.path}`,
                'data-nav': section.path.slice(1),
                'aria-current': current.startsWith(section.path) ? 'page' : undefined,
              },
              t(section.label),
            ),
          ),
    )
    nav.hidden = session === null
    document.title = t('app.title')
  }

  replaceChildren(body, header, h('div', { class: 'console-body' }, nav, main))
  redraw()
  return { main, redraw }
}

function signOut(): void {
  void staffApi
    .logout()
    .catch(() => {})
    .finally(() => {
      forgetStaffSession()
      location.hash = '#/login'
    })
}
