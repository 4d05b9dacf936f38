// The gate's loopback HTTP endpoint: health, status, metrics, the fire-alarm ack, the screen.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { ScreenBoard } from '../feedback/screen-board.ts'
import { screenPage } from './screen-page.ts'
import { streamScreenEvents } from './screen-events.ts'

export type HealthState = 'ok' | 'degraded' | 'starting' | 'stopping'

export interface HealthReport {
  status: HealthState
  alarms: readonly string[]
}

/** The outcome of an acknowledgement; a contact still active is `refused`. */
export type FireAlarmAck = 'acknowledged' | 'not-latched' | 'refused-contact-active'

/** What the server shows and does; the daemon implements it. */
export interface GateHttpHandlers {
  health(): HealthReport
  status(): unknown
  metrics(): string
  acknowledgeFireAlarm(): Promise<FireAlarmAck>
  /** Present only when the fire-alarm input is simulated (the local demo). */
  simulateFireAlarm?: ((active: boolean) => void) | undefined
  screen: ScreenBoard
  /** Lanes the screen page may be asked for. */
  lanes: readonly number[]
  /** The clock results are stamped with (Unix ms), to tell a page how old a result is. */
  now(): number
}

export interface GateHttpServerOptions {
  host: string
  port: number
  handlers: GateHttpHandlers
  logger: Logger
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
const MAX_BODY_BYTES = 1024
/** The screen page is self-contained: its own inline script and style, events from here. */
const SCREEN_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
].join('; ')

export class GateHttpServer {
  readonly #options: GateHttpServerOptions
  readonly #server: Server
  #port: number | undefined

  constructor(options: GateHttpServerOptions) {
    this.#options = options
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((err: unknown) => {
        this.#options.logger.error({ err, path: pathOf(request) }, 'http handler failed')
        if (!response.headersSent) sendError(response, 500, 'INTERNAL', 'internal error')
        else response.destroy()
      })
    })
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    if (this.#port === undefined) throw new Error('http server is not started')
    return this.#port
  }

  async start(): Promise<void> {
    const { host, port } = this.#options
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    this.#port = (this.#server.address() as AddressInfo).port
    this.#options.logger.info({ host, port: this.#port }, 'http server listening')
  }

  async stop(): Promise<void> {
    if (this.#port === undefined) return
    this.#port = undefined
    // Screen pages hold their event streams open; close them or close() waits forever.
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.#fromAllowedOrigin(request)) {
      return sendError(response, 403, 'FORBIDDEN', 'host or origin not allowed')
    }
    const url = new URL(request.url ?? '/', 'http://gate.invalid')
    const { handlers } = this.#options
    const route = `${request.method ?? 'GET'} ${url.pathname}`

    switch (route) {
      case 'GET /health': {
        const health = handlers.health()
        const status = health.status === 'ok' || health.status === 'degraded' ? 200 : 503
        return sendJson(response, status, health)
      }
      case 'GET /status':
        return sendJson(response, 200, handlers.status())
      case 'GET /metrics':
        return send(response, 200, 'text/plain; version=0.0.4; charset=utf-8', handlers.metrics())
      case 'POST /fire-alarm/ack':
        return this.#acknowledge(request, response)
      case 'POST /fire-alarm/simulate':
        return this.#simulate(request, response)
      case 'GET /':
      case 'GET /screen': {
        const lane = this.#lane(url)
        if (lane === undefined) return sendError(response, 404, 'NOT_FOUND', 'no such lane')
        return send(response, 200, 'text/html; charset=utf-8', screenPage(lane), {
          'content-security-policy': SCREEN_CSP,
        })
      }
      case 'GET /screen/events': {
        const lane = this.#lane(url)
        if (lane === undefined) return sendError(response, 404, 'NOT_FOUND', 'no such lane')
        return streamScreenEvents(request, response, {
          board: handlers.screen,
          lane,
          now: handlers.now,
        })
      }
    }
    const known = ['/health', '/status', '/metrics', '/fire-alarm/ack', '/screen', '/screen/events']
    if (known.includes(url.pathname))
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'wrong method')
    sendError(response, 404, 'NOT_FOUND', 'no such route')
  }

  async #acknowledge(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await drain(request)
    const outcome = await this.#options.handlers.acknowledgeFireAlarm()
    if (outcome === 'refused-contact-active') {
      return sendError(
        response,
        409,
        'FIRE_ALARM_CONTACT_ACTIVE',
        'the fire alarm contact is still active',
      )
    }
    this.#options.logger.warn({ outcome }, 'fire alarm acknowledgement received')
    sendJson(response, 200, { outcome })
  }

  async #simulate(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const simulate = this.#options.handlers.simulateFireAlarm
    const body = await readJson(request)
    if (simulate === undefined)
      return sendError(response, 404, 'NOT_FOUND', 'fire alarm is not simulated')
    const active = (body as { active?: unknown } | undefined)?.active
    if (typeof active !== 'boolean') {
      return sendError(response, 400, 'VALIDATION_FAILED', 'body must be {"active": true|false}')
    }
    simulate(active)
    sendJson(response, 200, { active })
  }

  #lane(url: URL): number | undefined {
    const { lanes } = this.#options.handlers
    const asked = url.searchParams.get('lane')
    const lane = asked === null ? lanes[0] : Number(asked)
    return lane !== undefined && lanes.includes(lane) ? lane : undefined
  }

  /**
   * Bound to loopback, the endpoint is for this box alone: a page elsewhere must not reach it
   * through the screen's browser (DNS rebinding, or a form posting to the fire-alarm ack).
   */
  #fromAllowedOrigin(request: IncomingMessage): boolean {
    if (!LOOPBACK_NAMES.has(this.#options.host)) return true
    const host = hostnameOf(request.headers.host)
    if (host === undefined || !LOOPBACK_NAMES.has(host)) return false
    const origin = request.headers.origin
    if (origin === undefined) return true
    try {
      return LOOPBACK_NAMES.has(new URL(origin).hostname)
    } catch {
      return false
    }
  }
}

function hostnameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  try {
    return new URL(`http://${header}`).hostname
  } catch {
    return undefined
  }
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/'
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers })
  response.end(body)
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body))
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } })
}

async function drain(request: IncomingMessage): Promise<void> {
  await readJson(request)
}

/** The body as JSON, or undefined when empty, oversized or not JSON. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
  }
  if (size === 0 || size > MAX_BODY_BYTES) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}
