// The daemon's calls to the edge: pass-event uploads and heartbeats, with the device credential.
import {
  heartbeatReceiptSchema,
  passEventReceiptSchema,
  type Heartbeat,
  type HeartbeatReceipt,
  type PassEventBatch,
  type PassEventReceipt,
} from '@greengate/shared'
import type { z } from 'zod'
import { GateError, type GateErrorOptions } from '../errors/gate-error.ts'

export const EDGE_ERROR_CODES = [
  'EDGE_UNREACHABLE',
  'EDGE_TIMEOUT',
  /** 401 or 403: the credential was refused. */
  'EDGE_UNAUTHORISED',
  /** Another 4xx: the request itself was refused; resending it unchanged will not help. */
  'EDGE_REJECTED',
  /** 429 or 5xx: try again later. */
  'EDGE_UNAVAILABLE',
  /** A 2xx whose body is not what the API promises. */
  'EDGE_BAD_ANSWER',
] as const
export type EdgeErrorCode = (typeof EDGE_ERROR_CODES)[number]

export class EdgeRequestError extends GateError<EdgeErrorCode> {
  /** The HTTP status, when an answer came. */
  readonly status: number | undefined

  constructor(
    code: EdgeErrorCode,
    message: string,
    options: GateErrorOptions & { status?: number } = {},
  ) {
    super(code, message, options)
    this.status = options.status
  }
}

export interface EdgeClientOptions {
  /** Base URL of the Worker, e.g. `http://127.0.0.1:8787`. */
  url: string
  credential: string
  timeoutMs: number
  /** Sent as User-Agent, so the edge's logs tell gate versions apart. */
  version: string
}

export class EdgeClient {
  readonly #options: EdgeClientOptions

  constructor(options: EdgeClientOptions) {
    this.#options = options
  }

  /** `POST /device/pass-events`; resolves once the edge has stored (or already had) them. */
  async postPassEvents(batch: PassEventBatch): Promise<PassEventReceipt> {
    return this.#post('/device/pass-events', batch, passEventReceiptSchema)
  }

  /** `POST /device/heartbeat`; answers the edge's clock (Unix ms). */
  async postHeartbeat(heartbeat: Heartbeat): Promise<HeartbeatReceipt> {
    return this.#post('/device/heartbeat', heartbeat, heartbeatReceiptSchema)
  }

  async #post<T>(path: string, body: unknown, answer: z.ZodType<T>): Promise<T> {
    const url = new URL(path, this.#options.url)
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#options.credential}`,
          'content-type': 'application/json',
          'user-agent': `greengate-gate/${this.#options.version}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      })
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError'
      const code = timedOut ? 'EDGE_TIMEOUT' : 'EDGE_UNREACHABLE'
      throw new EdgeRequestError(code, `edge request failed: ${path}`, { cause: err })
    }

    const { status } = response
    if (status < 200 || status > 299) {
      await response.body?.cancel()
      throw new EdgeRequestError(codeForStatus(status), `edge answered ${status}: ${path}`, {
        status,
      })
    }
    let json: unknown
    try {
      json = await response.json()
    } catch (err) {
      throw new EdgeRequestError('EDGE_BAD_ANSWER', `edge answer is not JSON: ${path}`, {
        status,
        cause: err,
      })
    }
    const parsed = answer.safeParse(json)
    if (!parsed.success) {
      throw new EdgeRequestError('EDGE_BAD_ANSWER', `edge answer has the wrong shape: ${path}`, {
        status,
      })
    }
    return parsed.data
  }
}

function codeForStatus(status: number): EdgeErrorCode {
  if (status === 401 || status === 403) return 'EDGE_UNAUTHORISED'
  if (status === 429 || status >= 500) return 'EDGE_UNAVAILABLE'
  return 'EDGE_REJECTED'
}
