// The "send code" button: asks the API for an SMS code, then counts down until a resend is
// allowed (the API says how long).
import type { OtpSent } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { t } from '../strings.ts'

export interface SendCodeButton {
  element: HTMLButtonElement
  /** Starts the countdown the API asked for. */
  started(sent: OtpSent): void
}

export function sendCodeButton(options: {
  onclick: () => void
  signal: AbortSignal
}): SendCodeButton {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary send-code',
      'data-action': 'send-code',
      onclick: options.onclick,
    },
    t('login.sendCode'),
  )
  let timer: number | undefined
  options.signal.addEventListener('abort', () => window.clearInterval(timer))

  return {
    element: button,
    started: (sent) => {
      window.clearInterval(timer)
      const until = Date.now() + sent.resendAfterSeconds * 1000
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000)
        if (left <= 0) {
          window.clearInterval(timer)
          button.disabled = false
          button.textContent = t('login.resend')
          return
        }
        button.disabled = true
        button.textContent = t('login.resendIn', { s: left })
      }
      tick()
      timer = window.setInterval(tick, 250)
    },
  }
}
