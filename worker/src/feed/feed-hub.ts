// Durable Object holding online gates' WebSockets; tells them when the feed grows.
//
// One instance ('global') for the district. It uses the Hibernation API: sockets stay
// open while the object sleeps, and it wakes only to accept a gate or to broadcast.
import { FEED_LIVE_PROTOCOL, type FeedNotice } from '@greengate/shared'
import { DurableObject } from 'cloudflare:workers'
import { HUB_DEVICE_HEADER, HUB_PROTOCOL_HEADER } from './hub-client.ts'

export class FeedHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    // Gates keep their socket alive with 'ping'; answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'))
  }

  override async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    if (pathname === '/connect') return this.acceptGate(request)
    if (pathname === '/notify' && request.method === 'POST') return this.notify(request)
    if (pathname === '/disconnect' && request.method === 'POST') return this.disconnect(request)
    return new Response('no such hub action', { status: 404 })
  }

  override webSocketMessage(): void {
    // Gates have nothing to say on this channel beyond 'ping' (auto-answered).
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason)
    } catch {
      // Already closed by the runtime's automatic close reply.
    }
  }

  /** Accepts an authenticated gate's socket (the Worker checked the credential). */
  private async acceptGate(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('expected a WebSocket upgrade', { status: 426 })
    }
    const deviceId = request.headers.get(HUB_DEVICE_HEADER)
    if (deviceId === null || deviceId === '') return new Response('no device', { status: 400 })

    // A gate that reconnects before its old socket timed out: the newest one wins.
    for (const old of this.ctx.getWebSockets(deviceId)) {
      closeQuietly(old, 4000, 'replaced by a newer connection')
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket]
    this.ctx.acceptWebSocket(server, [deviceId])
    // The first notice tells a reconnecting gate at once whether it missed anything.
    server.send(JSON.stringify(await this.currentNotice()))

    const headers = new Headers()
    if (request.headers.get(HUB_PROTOCOL_HEADER) !== null) {
      headers.set('sec-websocket-protocol', FEED_LIVE_PROTOCOL)
    }
    return new Response(null, { status: 101, webSocket: client, headers })
  }

  private async notify(request: Request): Promise<Response> {
    const body = (await request.json()) as { latestSeq?: unknown }
    if (
      typeof body.latestSeq !== 'number' ||
      !Number.isSafeInteger(body.latestSeq) ||
      body.latestSeq < 0
    ) {
      return new Response('latestSeq must be a non-negative integer', { status: 400 })
    }
    const notice: FeedNotice = { type: 'feed', latestSeq: body.latestSeq }
    const text = JSON.stringify(notice)
    let sent = 0
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text)
        sent++
      } catch {
        // A socket closing right now; that gate will poll when it reconnects.
      }
    }
    return Response.json({ sent })
  }

  /** Closes a device's sockets (its credential was revoked). */
  private async disconnect(request: Request): Promise<Response> {
    const body = (await request.json()) as { deviceId?: unknown }
    if (typeof body.deviceId !== 'string') return new Response('deviceId required', { status: 400 })
    const sockets = this.ctx.getWebSockets(body.deviceId)
    for (const ws of sockets) closeQuietly(ws, 4001, 'device credential revoked')
    return Response.json({ closed: sockets.length })
  }

  private async currentNotice(): Promise<FeedNotice> {
    const query = 'SELECT COALESCE(MAX(seq), 0) AS latestSeq FROM feed_entries'
    const row = await this.env.DB.prepare(query).first<{ latestSeq: number }>()
    return { type: 'feed', latestSeq: row?.latestSeq ?? 0 }
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason)
  } catch {
    // Already closed.
  }
}
