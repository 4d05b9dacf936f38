// Test helper: the edge's device API on 127.0.0.1, with a bare WebSocket push channel.
//
// Just enough of RFC 6455 for the push channel: the upgrade handshake (the credential
// as a `bearer.` subprotocol, the feed's subprotocol selected), text frames both ways
// (the client's `ping` answered `pong`), and a close answered. Its own code, so the
// client (Node's built-in WebSocket) is tested against an independent server.
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import {
  checkpointPolicySchema,
  FEED_LIVE_PROTOCOL,
  type CheckpointPolicy,
  type DeviceConfig,
  type FeedEntry,
  type Jwks,
} from '@greengate/shared'

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

type NewEntry = FeedEntry extends infer E
  ? E extends FeedEntry
    ? Omit<E, 'seq' | 'at'>
    : never
  : never

export interface FakeEdgeOptions {
  credential: string
  issuer: string
  jwks: Jwks
  policy?: Partial<CheckpointPolicy>
}

export class FakeEdge {
  readonly credential: string
  issuer: string
  jwks: Jwks
  policy: Partial<CheckpointPolicy>
  /** Every entry ever appended, oldest first; `seq` is the index + 1 unless reset. */
  feed: FeedEntry[] = []
  /** Paths of every request, in order (query strings included). */
  readonly requests: string[] = []
  /** When set, every HTTP request is answered with this status. */
  failWith: number | undefined
  /** When set, /device/feed answers this JSON instead. */
  feedOverride: unknown
  /** When set, /device/config answers this JSON instead. */
  configOverride: unknown
  /** When set, /device/feed serves the feed only up to this seq, as a lagging replica. */
  replicaSeq: number | undefined
  /** `ping` messages received on push channels. */
  pings = 0
  /** Send the feed's latest seq as soon as a channel opens, as the edge does. */
  greetOnConnect = true
  skewSeconds = 30
  pollSeconds = 30
  serverTimeOffsetMs = 0
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  readonly #connections = new Set<Socket>()
  #url = ''

  constructor(options: FakeEdgeOptions) {
    this.credential = options.credential
    this.issuer = options.issuer
    this.jwks = options.jwks
    this.policy = options.policy ?? {}
    this.#server = createServer((req, res) => this.#handle(req, res))
    this.#server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.#upgrade(req, socket))
    this.#server.on('connection', (socket: Socket) => {
      this.#connections.add(socket)
      socket.on('close', () => this.#connections.delete(socket))
    })
  }

  get url(): string {
    return this.#url
  }

  /** Open push channels. */
  get liveSockets(): number {
    return this.#sockets.size
  }

  get latestSeq(): number {
    return this.feed.at(-1)?.seq ?? 0
  }

  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve))
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    for (const socket of this.#connections) socket.destroy()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Appends entries to the feed; `notify` pushes the news to open channels. */
  append(entries: readonly NewEntry[], notify = true): void {
    for (const entry of entries) {
      this.feed.push({ ...entry, seq: this.latestSeq + 1, at: 1_700_000_000 } as FeedEntry)
    }
    if (notify) this.notify()
  }

  notify(): void {
    const payload = Buffer.from(JSON.stringify({ type: 'feed', latestSeq: this.latestSeq }))
    for (const socket of this.#sockets) socket.write(textFrame(payload))
  }

  /** Drops every push channel without a close frame, as a network cut would. */
  cutPush(): void {
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://edge')
    this.requests.push(url.pathname + url.search)
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (this.failWith !== undefined) return send(this.failWith, { error: { code: 'INTERNAL' } })
    if (url.pathname === '/.well-known/jwks.json') return send(200, this.jwks)
    if (req.headers.authorization !== `Bearer ${this.credential}`) {
      return send(401, { error: { code: 'UNAUTHENTICATED' } })
    }

    const limit = Number(url.searchParams.get('limit') ?? 1000)
    switch (url.pathname) {
      case '/device/config': {
        if (this.configOverride !== undefined) return send(200, this.configOverride)
        const config: DeviceConfig = {
          deviceId: 'dev1',
          deviceName: 'Test gate',
          checkpoint: {
            id: 'cp1',
            name: 'Test station',
            policy: checkpointPolicySchema.parse(this.policy),
          },
          issuer: this.issuer,
          jwksPath: '/.well-known/jwks.json',
          skewSeconds: this.skewSeconds,
          serverTime: Date.now() + this.serverTimeOffsetMs,
          feed: {
            pollSeconds: this.pollSeconds,
            livePath: '/device/feed/live',
            liveProtocol: FEED_LIVE_PROTOCOL,
          },
        }
        return send(200, config)
      }
      case '/device/feed': {
        if (this.feedOverride !== undefined) return send(200, this.feedOverride)
        const since = Number(url.searchParams.get('since') ?? 0)
        const served = Math.min(this.latestSeq, this.replicaSeq ?? Infinity)
        const after = this.feed.filter((e) => e.seq > since && e.seq <= served)
        const entries = after.slice(0, limit)
        return send(200, {
          entries,
          nextSince: entries.at(-1)?.seq ?? Math.max(since, 0),
          hasMore: after.length > entries.length,
          latestSeq: served,
        })
      }
      case '/device/feed/snapshot':
        return send(200, this.#snapshotPage(Number(url.searchParams.get('cursor') ?? 0), limit))
      default:
        return send(404, { error: { code: 'NOT_FOUND' } })
    }
  }

  /** The feed folded into state, paged by offset over subjects then codes. */
  #snapshotPage(offset: number, limit: number): unknown {
    const subjects = new Map<string, number>()
    const codes = new Map<string, number>()
    const retiredKids: string[] = []
    for (const e of this.feed) {
      if (e.kind === 'subject_revoked' || e.kind === 'colour_changed') {
        subjects.set(e.subject, Math.max(subjects.get(e.subject) ?? 0, e.revokedThrough))
      } else if (e.kind === 'code_revoked') codes.set(e.jti, e.expiresAt)
      else retiredKids.push(e.kid)
    }
    const all = [
      ...[...subjects].map(([subject, revokedThrough]) => ({ subject, revokedThrough })),
      ...[...codes].map(([jti, expiresAt]) => ({ jti, expiresAt })),
    ]
    const slice = all.slice(offset, offset + limit)
    const next = offset + limit < all.length ? String(offset + limit) : undefined
    return {
      asOfSeq: this.latestSeq,
      subjects: slice.filter(
        (x): x is { subject: string; revokedThrough: number } => 'subject' in x,
      ),
      codes: slice.filter((x): x is { jti: string; expiresAt: number } => 'jti' in x),
      retiredKids: offset === 0 ? retiredKids : [],
      ...(next === undefined ? {} : { nextCursor: next }),
    }
  }

  #upgrade(req: IncomingMessage, socket: Socket): void {
    const url = new URL(req.url ?? '/', 'http://edge')
    this.requests.push(`WS ${url.pathname}`)
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
    const wanted = `bearer.${this.credential}`
    if (
      url.pathname !== '/device/feed/live' ||
      !offered.includes(wanted) ||
      this.failWith !== undefined
    ) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
      return
    }
    const accept = createHash('sha1')
      .update(String(req.headers['sec-websocket-key']) + WS_GUID)
      .digest('base64')
    // Like the edge: the feed's subprotocol is selected when offered, never the bearer one.
    const selected = offered.includes(FEED_LIVE_PROTOCOL)
      ? `Sec-WebSocket-Protocol: ${FEED_LIVE_PROTOCOL}\r\n`
      : ''
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n${selected}\r\n`,
    )
    this.#sockets.add(socket)
    if (this.greetOnConnect) {
      socket.write(
        textFrame(Buffer.from(JSON.stringify({ type: 'feed', latestSeq: this.latestSeq }))),
      )
    }
    socket.on('data', (data: Buffer) => {
      const opcode = data[0]! & 0x0f
      // Opcode 8 is a close: answer it and hang up.
      if (opcode === 8) {
        socket.end(Buffer.from([0x88, 0x00]))
        this.#sockets.delete(socket)
      } else if (opcode === 1 && clientText(data) === 'ping') {
        this.pings++
        socket.write(textFrame(Buffer.from('pong')))
      }
    })
    socket.on('close', () => this.#sockets.delete(socket))
    socket.on('error', () => this.#sockets.delete(socket))
  }
}

/** The text of one short masked client frame (all a `ping` needs). */
function clientText(frame: Buffer): string | undefined {
  const length = frame[1]! & 0x7f
  if ((frame[1]! & 0x80) === 0 || length >= 126 || frame.length < 6 + length) return undefined
  const mask = frame.subarray(2, 6)
  const payload = Buffer.from(frame.subarray(6, 6 + length))
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!
  return payload.toString('utf8')
}

function textFrame(payload: Buffer): Buffer {
  if (payload.length < 126) return Buffer.concat([Buffer.from([0x81, payload.length]), payload])
  const header = Buffer.alloc(4)
  header[0] = 0x81
  header[1] = 126
  header.writeUInt16BE(payload.length, 2)
  return Buffer.concat([header, payload])
}
