// The code at a checkpoint: a large QR on its colour, the masked name, a live clock and a
// countdown. It renews itself, marks when it is offline, and vanishes once expired.
import type { IssuedCode } from '@greengate/shared'
import { h, replaceChildren } from '../../common/dom.ts'
import { COLOUR_WORDS, PERSON_STATUS_WORDS, word } from '../../common/domain-strings.ts'
import { errorNode } from '../../common/error-text.ts'
import { formatClock, formatCountdown, formatDate } from '../../common/format.ts'
import { drawQrSymbol } from '../../common/qr-symbol.ts'
import type { Page } from '../../common/router.ts'
import { loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { createCodeKeeper, type CodeState } from '../code/code-keeper.ts'
import { keepScreenOn } from '../code/keep-screen-on.ts'
import { t } from '../strings.ts'

export const codePage: Page = (root, { params }) => {
  const personId = params.personId ?? ''
  const view = h('section', { class: 'code-view', 'data-code-state': 'loading' }, loadingLine())
  const clock = h('div', { class: 'live-clock', 'aria-live': 'off' })
  const countdown = h('div', { class: 'countdown', 'data-countdown': '' })
  replaceChildren(
    root,
    view,
    h('div', { class: 'code-time' }, clock, countdown),
    h('p', { class: 'muted anti-screenshot' }, t('code.antiScreenshot')),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button secondary', href: `#/people/${personId}` }, t('action.back')),
    ),
  )

  let drawnCode: IssuedCode | null = null
  let clockOffsetMs = 0
  const showTime = (state: CodeState) => {
    if (state.kind === 'showing') clockOffsetMs = state.clockOffsetMs
    clock.textContent = formatClock(Date.now() + clockOffsetMs)
    countdown.textContent =
      state.kind === 'showing'
        ? t('code.validFor', { t: formatCountdown((state.expiresAtMs - Date.now()) / 1000) })
        : ''
  }
  const keeper = createCodeKeeper({
    fetchCode: (signal) => residentApi.code(personId, { signal }),
    fetchStatus: (signal) =>
      residentApi.person(personId, { signal }).then((person) => person.status),
    onChange: (state) => {
      drawState(view, state, drawnCode)
      drawnCode = state.kind === 'showing' ? state.code : null
      showTime(state)
    },
  })
  // Timers sleep while a phone is locked: judge the clock on every tick, not only on timers.
  const tick = () => {
    keeper.check()
    showTime(keeper.state())
  }

  const ticker = window.setInterval(tick, 250)
  const wake = () => {
    if (document.visibilityState === 'visible') keeper.check()
  }
  const online = () => keeper.refreshNow()
  document.addEventListener('visibilitychange', wake)
  window.addEventListener('online', online)
  const releaseScreen = keepScreenOn()
  keeper.start()
  tick()

  return () => {
    keeper.stop()
    window.clearInterval(ticker)
    document.removeEventListener('visibilitychange', wake)
    window.removeEventListener('online', online)
    releaseScreen()
  }
}

/** Redraws the QR only when the code itself changed, so the symbol never flickers. */
function drawState(view: HTMLElement, state: CodeState, drawnCode: IssuedCode | null): void {
  const mark =
    state.kind !== 'showing'
      ? state.kind
      : state.offline
        ? 'offline'
        : state.refreshing
          ? 'refreshing'
          : 'showing'
  view.setAttribute('data-code-state', mark)

  if (state.kind === 'loading') return
  if (state.kind === 'expired') {
    replaceChildren(view, h('div', { class: 'code-blank', role: 'alert' }, t('code.expired')))
    return
  }
  if (state.kind === 'refused') {
    replaceChildren(
      view,
      h(
        'div',
        {
          class: 'code-blank refused',
          role: 'alert',
          'data-refused': state.error?.code ?? state.status ?? '',
        },
        h('strong', null, t('code.unavailable')),
        state.error !== null ? errorNode(state.error) : null,
        state.status !== null ? h('span', null, word(PERSON_STATUS_WORDS, state.status)) : null,
      ),
    )
    return
  }

  if (drawnCode !== state.code) replaceChildren(view, codeCard(state.code))
  const banner = view.querySelector<HTMLElement>('.code-banner')
  if (banner !== null) {
    banner.hidden = !state.offline && !state.refreshing
    banner.textContent = state.offline
      ? t('code.offline')
      : state.refreshing
        ? t('code.refreshing')
        : ''
    banner.classList.toggle('offline', state.offline)
  }
}

function codeCard(code: IssuedCode): HTMLElement {
  const colour = word(COLOUR_WORDS, code.colour)
  const symbol = drawQrSymbol(code.qrText, { label: t('code.qrLabel', { colour }) })
  return h(
    'div',
    {
      class: `code-card colour-${code.colour}`,
      'data-colour': code.colour,
      'data-issued-at': code.issuedAt,
      'data-expires-at': code.expiresAt,
    },
    h('div', { class: 'code-banner', role: 'status', hidden: true }),
    h('div', { class: 'code-name', 'data-name-masked': '' }, code.nameMasked),
    h('div', { class: 'qr-frame' }, symbol.element),
    h(
      'div',
      { class: 'code-verdict' },
      h('strong', null, colour),
      ' · ',
      code.colour === 'green' ? t('code.passes') : t('code.stops'),
    ),
    h('div', { class: 'code-date' }, formatDate(code.issuedAt)),
  )
}
