// A tiny edge on 127.0.0.1 for tests: takes pass events and heartbeats as the Worker would.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import {
  heartbeatSchema,
  passEventBatchSchema,
  type Heartbeat,
  type PassEvent,
} from '@greengate/shared'

export interface FakeEdgeOptions {
  credential: string
  /** The edge's clock for heartbeat answers. Default Date.now. */
  serverTime?: () => number
  /**
   * Base URL every other request (feed, keys, config, the push channel) is passed on to:
   * the sync tests' fake edge, so one URL serves the whole device API.
   */
  forward?: string
}

/**
 * Stores events by id and answers duplicates as the real edge does. Knobs make it misbehave:
 * `loseAnswers` stores a batch and then drops the connection without answering;
 * `failWith` answers a status without storing (once per entry); `rejectIds` answers 400 to any
 * batch holding one; `unavailable` answers 503 to every upload and heartbeat until cleared.
 */
export class FakeEdge {
  readonly #options: FakeEdgeOptions
  readonly #server: Server
  readonly #connections = new Set<Socket>()
  /** Every id ever stored, with how many uploads carried it. */
  readonly received = new Map<string, number>()
  readonly stored: PassEvent[] = []
  readonly heartbeats: Heartbeat[] = []
  readonly batchSizes: number[] = []
  loseAnswers = 0
  failWith: number[] = []
  rejectIds = new Set<string>()
  unavailable = false
  #url = ''

  constructor(options: FakeEdgeOptions) {
    this.#options = options
    this.#server = createServer((request, response) => {
      void this.#handle(request, response)
    })
    this.#server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.#forwardUpgrade(request, socket, head),
    )
    this.#server.on('connection', (socket: Socket) => {
      this.#connections.add(socket)
      socket.on('close', () => this.#connections.delete(socket))
    })
  }

  get url(): string {
    return this.#url
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    const { port } = this.#server.address() as AddressInfo
    this.#url = `http://127.0.0.1:${port}`
  }

  async stop(): Promise<void> {
    for (const socket of this.#connections) socket.destroy()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const isOurs =
      request.method === 'POST' &&
      ['/device/pass-events', '/device/heartbeat'].includes(request.url ?? '')
    if (!isOurs && this.#options.forward !== undefined) return this.#forward(request, response)

    const body = await readBody(request)
    if (request.headers.authorization !== `Bearer ${this.#options.credential}`) {
      return answer(response, 401, { error: { code: 'UNAUTHENTICATED', message: 'no' } })
    }
    const status = this.unavailable ? 503 : this.failWith.shift()
    if (status !== undefined)
      return answer(response, status, { error: { code: 'INTERNAL', message: 'x' } })

    if (request.method === 'POST' && request.url === '/device/pass-events') {
      return this.#passEvents(body, response)
    }
    if (request.method === 'POST' && request.url === '/device/heartbeat') {
      const parsed = heartbeatSchema.safeParse(parseJson(body))
      if (!parsed.success) return answer(response, 400, { error: { code: 'VALIDATION_FAILED' } })
      this.heartbeats.push(parsed.data)
      const serverTime = Math.round((this.#options.serverTime ?? Date.now)())
      return answer(response, 200, { serverTime, clockOffsetMs: serverTime - parsed.data.clock })
    }
    answer(response, 404, { error: { code: 'NOT_FOUND', message: 'no route' } })
  }

  #passEvents(body: string, response: ServerResponse): void {
    const parsed = passEventBatchSchema.safeParse(parseJson(body))
    if (!parsed.success) return answer(response, 400, { error: { code: 'VALIDATION_FAILED' } })
    const { events } = parsed.data
    if (events.some((event) => this.rejectIds.has(event.id))) {
      return answer(response, 400, { error: { code: 'VALIDATION_FAILED' } })
    }

    this.batchSizes.push(events.length)
    let accepted = 0
    for (const event of events) {
      const seen = this.received.get(event.id) ?? 0
      this.received.set(event.id, seen + 1)
      if (seen === 0) {
        accepted += 1
        this.stored.push(event)
      }
    }
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1
      response.socket?.destroy()
      return
    }
    answer(response, 200, { accepted, duplicates: events.length - accepted })
  }

  #forward(request: IncomingMessage, response: ServerResponse): void {
    const target = new URL(request.url ?? '/', this.#options.forward)
    const upstream = httpRequest(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (answerFromUpstream) => {
        response.writeHead(answerFromUpstream.statusCode ?? 502, answerFromUpstream.headers)
        answerFromUpstream.pipe(response)
      },
    )
    upstream.on('error', () => response.destroy())
    request.pipe(upstream)
  }

  /** Passes the push channel's upgrade through as raw bytes, both ways. */
  #forwardUpgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.#options.forward === undefined) return void socket.destroy()
    const target = new URL(this.#options.forward)
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`]
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`)
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    const close = () => {
      upstream.destroy()
      socket.destroy()
    }
    upstream.on('error', close)
    socket.on('error', close)
    upstream.on('close', close)
    socket.on('close', close)
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
