// GETs from the edge's device API: bearer credential, timeout, and shared-schema checks.
import type { z } from 'zod'
import { SyncError } from './sync-error.ts'

export interface EdgeClientOptions {
  edgeUrl: string
  /** The `gd_...` credential; it goes in the Authorization header and nowhere else. */
  credential: string
  timeoutMs: number
  fetch?: typeof fetch
}

export interface EdgeAnswer<T> {
  body: T
  /** Round trip of the request, ms (monotonic). */
  rttMs: number
}

export class EdgeClient {
  readonly #base: URL
  readonly #credential: string
  readonly #timeoutMs: number
  readonly #fetch: typeof fetch

  constructor(options: EdgeClientOptions) {
    this.#base = new URL(options.edgeUrl)
    this.#credential = options.credential
    this.#timeoutMs = options.timeoutMs
    this.#fetch = options.fetch ?? globalThis.fetch
  }

  /** The push channel's URL: same host, ws(s) scheme. */
  liveUrl(path: string): string {
    const url = new URL(path, this.#base)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    return url.toString()
  }

  /** GETs `path` and checks the body; every failure is a SyncError. `stop` aborts it. */
  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    stop?: AbortSignal,
  ): Promise<EdgeAnswer<z.infer<S>>> {
    const url = new URL(path, this.#base)
    const controller = new AbortController()
    // A timer of our own rather than AbortSignal.timeout, so fake timers drive it in tests.
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs)
    const onStop = (): void => controller.abort()
    stop?.addEventListener('abort', onStop)
    const started = performance.now()
    try {
      let response: Response
      try {
        response = await this.#fetch(url, {
          headers: { authorization: `Bearer ${this.#credential}`, accept: 'application/json' },
          signal: controller.signal,
        })
      } catch (cause) {
        if (controller.signal.aborted && stop?.aborted !== true) {
          throw new SyncError('EDGE_TIMEOUT', 'edge did not answer in time', { cause })
        }
        throw new SyncError('EDGE_UNREACHABLE', 'edge unreachable', { cause })
      }
      const rttMs = performance.now() - started
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel()
        throw new SyncError('EDGE_UNAUTHENTICATED', 'edge refused the device credential', {
          status: response.status,
        })
      }
      if (!response.ok) {
        await response.body?.cancel()
        throw new SyncError('EDGE_HTTP_ERROR', 'edge answered with an error', {
          status: response.status,
        })
      }
      let json: unknown
      try {
        json = await response.json()
      } catch (cause) {
        if (controller.signal.aborted) {
          throw new SyncError('EDGE_TIMEOUT', 'edge answer did not arrive in time', { cause })
        }
        throw new SyncError('EDGE_BAD_RESPONSE', 'edge answer is not JSON', { cause })
      }
      const parsed = schema.safeParse(json)
      if (!parsed.success) {
        throw new SyncError(
          'EDGE_BAD_RESPONSE',
          `edge answer to ${url.pathname} has a wrong shape`,
          {
            cause: parsed.error,
          },
        )
      }
      return { body: parsed.data, rttMs }
    } finally {
      clearTimeout(timer)
      stop?.removeEventListener('abort', onStop)
    }
  }
}
