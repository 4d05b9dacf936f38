// The frame around every resident page: title, navigation and display settings.
import { h, replaceChildren } from '../common/dom.ts'
import { settingsBar } from '../common/settings-bar.ts'
import { currentSession } from './session.ts'
import { t } from './strings.ts'

export interface Shell {
  main: HTMLElement
  /** Draws the header again (language, signed-in state). */
  redraw(): void
}

export function residentShell(body: HTMLElement): Shell {
  const header = h('header', { class: 'app-header' })
  const main = h('main', { id: 'content', class: 'app-main', tabindex: '-1' })
  const skip = h('a', { class: 'skip-link', href: '#content' })
  skip.addEventListener('click', (event) => {
    event.preventDefault()
    main.focus()
  })

  const redraw = () => {
    skip.textContent = t('app.skip')
    const signedIn = currentSession() !== null
    replaceChildren(
      header,
      h(
        'div',
        { class: 'header-row' },
        h(
          'a',
          { class: 'brand', href: '#/people' },
          h('span', { class: 'brand-mark' }),
          t('app.title'),
        ),
        settingsBar(),
      ),
      signedIn
        ? h(
            'nav',
            { class: 'app-nav' },
            h('a', { href: '#/people', 'data-nav': 'people' }, t('nav.people')),
            h('a', { href: '#/account', 'data-nav': 'account' }, t('nav.account')),
          )
        : null,
    )
    document.title = t('app.title')
  }

  replaceChildren(body, skip, header, main)
  redraw()
  return { main, redraw }
}
