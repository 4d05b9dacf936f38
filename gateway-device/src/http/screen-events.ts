// Server-sent events for one lane's screen: the gate state, then each result as it happens.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ScreenBoard, ScreenEvent, ScreenResult } from '../feedback/screen-board.ts'

export interface ScreenStreamOptions {
  board: ScreenBoard
  lane: number
  /** Unix ms, the clock results are stamped with. */
  now: () => number
  /** A comment line this often keeps proxies and browsers from timing the stream out. */
  keepAliveMs?: number
}

/** Streams until the page goes away (or the server closes every connection at stop). */
export function streamScreenEvents(
  request: IncomingMessage,
  response: ServerResponse,
  options: ScreenStreamOptions,
): void {
  const { board, lane, now } = options
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  // The browser reconnects after this long when the gate restarts.
  response.write('retry: 2000\n\n')

  const write = (event: ScreenEvent) => {
    if (event.type === 'state') return response.write(frame('state', event.state))
    if (event.result.lane !== lane) return true
    return response.write(frame('result', { ...event.result, ageMs: 0 }))
  }
  write({ type: 'state', state: board.state })
  const latest = board.latest(lane)
  if (latest) response.write(frame('result', replayed(latest, now())))

  const unsubscribe = board.subscribe(write)
  const keepAlive = setInterval(
    () => response.write(': keep-alive\n\n'),
    options.keepAliveMs ?? 15_000,
  )
  const close = () => {
    clearInterval(keepAlive)
    unsubscribe()
  }
  request.once('close', close)
  response.once('close', close)
}

function replayed(result: ScreenResult, now: number): ScreenResult & { ageMs: number } {
  return { ...result, ageMs: Math.max(0, now - result.at) }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}
