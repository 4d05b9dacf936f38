// The push channel: a WebSocket on which the edge says "the feed has grown"; reconnects itself.
//
// Node's WebSocket cannot set headers, so the credential travels as the subprotocol
// `bearer.<credential>`, offered beside the feed's own subprotocol (which the edge
// selects), in place of the Authorization header. A `ping` every so often keeps
// idle proxies from closing the channel; the edge answers `pong`.
import { feedNoticeSchema } from '@greengate/shared'
import type { Logger } from 'pino'
import { backoffDelay } from './backoff.ts'

export interface PushChannelOptions {
  /** Read at each connect. */
  url: () => string
  /** The feed's subprotocol, offered beside `bearer.<credential>`; read at each connect. */
  protocol: () => string
  credential: string
  /** Called with the feed's latest seq on every notice. */
  onNotice: (latestSeq: number) => void
  /** Called when the channel opens: whatever happened while it was closed must be read. */
  onOpen: () => void
  backoffInitialMs: number
  backoffMaxMs: number
  /** Default 30 s. */
  pingEveryMs?: number
  random?: () => number
  WebSocket?: typeof WebSocket
  logger?: Logger
}

export class PushChannel {
  readonly #options: PushChannelOptions
  readonly #WebSocket: typeof WebSocket
  #socket: WebSocket | undefined
  #retryTimer: NodeJS.Timeout | undefined
  #pingTimer: NodeJS.Timeout | undefined
  #failures = 0
  #openedAt = 0
  #running = false
  #connected = false

  constructor(options: PushChannelOptions) {
    this.#options = options
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket
  }

  get connected(): boolean {
    return this.#connected
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#connect()
  }

  stop(): void {
    this.#running = false
    clearTimeout(this.#retryTimer)
    this.#retryTimer = undefined
    clearInterval(this.#pingTimer)
    this.#pingTimer = undefined
    const socket = this.#socket
    this.#socket = undefined
    this.#connected = false
    socket?.close(1000)
  }

  #connect(): void {
    let socket: WebSocket
    try {
      socket = new this.#WebSocket(this.#options.url(), [
        this.#options.protocol(),
        `bearer.${this.#options.credential}`,
      ])
    } catch (err) {
      this.#options.logger?.warn({ err }, 'push channel not opened')
      this.#retry()
      return
    }
    this.#socket = socket
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return
      this.#openedAt = performance.now()
      this.#connected = true
      clearInterval(this.#pingTimer)
      this.#pingTimer = setInterval(() => {
        if (socket.readyState === socket.OPEN) socket.send('ping')
      }, this.#options.pingEveryMs ?? 30_000)
      this.#pingTimer.unref()
      this.#options.logger?.info('push channel open')
      this.#options.onOpen()
    })
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.#socket !== socket || typeof event.data !== 'string') return
      if (event.data === 'pong') return
      const notice = feedNoticeSchema.safeParse(safeJson(event.data))
      if (notice.success) this.#options.onNotice(notice.data.latestSeq)
      else this.#options.logger?.warn('push message ignored')
    })
    socket.addEventListener('close', (event: CloseEvent) => {
      if (this.#socket !== socket) return
      this.#socket = undefined
      const wasConnected = this.#connected
      this.#connected = false
      clearInterval(this.#pingTimer)
      this.#pingTimer = undefined
      this.#options.logger?.warn({ code: event.code, wasConnected }, 'push channel closed')
      // Only a channel that stayed up a while resets the backoff: an edge that accepts
      // and at once drops us must not be redialled every second.
      if (wasConnected && performance.now() - this.#openedAt >= this.#options.backoffMaxMs) {
        this.#failures = 0
      }
      this.#retry()
    })
    // A failed handshake may report only an error, never a close: retry from here too.
    // Once the socket is forgotten, its later events are ignored.
    socket.addEventListener('error', () => {
      if (this.#socket !== socket || this.#connected) return
      this.#socket = undefined
      this.#options.logger?.warn('push channel refused')
      try {
        socket.close()
      } catch {
        // Already failing; nothing to release.
      }
      this.#retry()
    })
  }

  #retry(): void {
    if (!this.#running) return
    this.#failures++
    const delay = backoffDelay(this.#failures, {
      initialMs: this.#options.backoffInitialMs,
      maxMs: this.#options.backoffMaxMs,
      ...(this.#options.random === undefined ? {} : { random: this.#options.random }),
    })
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined
      if (this.#running) this.#connect()
    }, delay)
    this.#retryTimer.unref()
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
