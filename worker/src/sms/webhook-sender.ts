// Sends SMS through the district's own SMS gateway: one authenticated JSON POST per message.
//
// Vendor-neutral on purpose: a district already has an SMS contract (Aliyun, Tencent Cloud,
// a carrier's platform) and usually a gateway in front of it. The gateway receives
//   POST <SMS_WEBHOOK_URL>  Authorization: Bearer <SMS_WEBHOOK_TOKEN>
//   {"to": "13912345678", "text": "..."}
// and answers 2xx once it has accepted the message.
import { GreenGateError } from '@greengate/shared'
import type { SmsSender } from './sms-sender.ts'

/** A message not accepted within this long fails the request; the resident can resend. */
const TIMEOUT_MS = 5_000

export class WebhookSmsSender implements SmsSender {
  readonly #url: string
  readonly #token: string | undefined
  readonly #fetch: typeof fetch

  constructor(options: { url: string; token: string | undefined; fetch?: typeof fetch }) {
    this.#url = options.url
    this.#token = options.token
    this.#fetch = options.fetch ?? fetch
  }

  async send(phone: string, message: string): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`

    let res: Response
    try {
      res = await this.#fetch(this.#url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ to: phone, text: message }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch {
      // The cause may quote the request (and so the code): it is left out.
      throw unavailable('unreachable')
    }
    // The body is drained, not read into the error: it may echo the message.
    await res.body?.cancel()
    if (!res.ok) throw unavailable(`answered ${res.status}`)
  }
}

function unavailable(detail: string): GreenGateError {
  return new GreenGateError(
    'SMS_UNAVAILABLE',
    `The SMS service is not available right now (gateway ${detail}); try again in a minute`,
  )
}
