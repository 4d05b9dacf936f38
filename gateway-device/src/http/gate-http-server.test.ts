// The loopback endpoint: routes, status codes, who may call it, and the screen's live stream.
import { request } from 'node:http'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ScreenBoard } from '../feedback/screen-board.ts'
import {
  GateHttpServer,
  type FireAlarmAck,
  type GateHttpHandlers,
  type HealthReport,
} from './gate-http-server.ts'

const logger = pino({ level: 'silent' })

interface Answer {
  status: number
  type: string | undefined
  body: string
}

/** node:http rather than fetch, so tests can send any Host and Origin. */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('GateHttpServer', () => {
  let server: GateHttpServer
  let board: ScreenBoard
  let health: HealthReport
  let ack: FireAlarmAck
  let simulated: boolean[]
  let handlers: GateHttpHandlers

  beforeEach(async () => {
    board = new ScreenBoard()
    health = { status: 'ok', alarms: [] }
    ack = 'acknowledged'
    simulated = []
    handlers = {
      health: () => health,
      status: () => ({ state: 'running' }),
      metrics: () => 'greengate_up 1\n',
      acknowledgeFireAlarm: async () => ack,
      simulateFireAlarm: (active) => simulated.push(active),
      screen: board,
      lanes: [1, 2],
      now: () => 1_000_000,
    }
    server = new GateHttpServer({ host: '127.0.0.1', port: 0, handlers, logger })
    await server.start()
  })
  afterEach(async () => {
    await server.stop()
  })

  it('answers health 200 while running, even degraded; 503 starting or stopping', async () => {
    expect((await call(server.port, 'GET', '/health')).status).toBe(200)
    health = { status: 'degraded', alarms: ['cache-stale'] }
    const degraded = await call(server.port, 'GET', '/health')
    expect(degraded.status).toBe(200)
    expect(JSON.parse(degraded.body)).toEqual(health)

    health = { status: 'stopping', alarms: [] }

    expect((await call(server.port, 'GET', '/health')).status).toBe(503)
  })

  it('serves status as JSON and metrics as Prometheus text', async () => {
    const status = await call(server.port, 'GET', '/status')
    const metrics = await call(server.port, 'GET', '/metrics')

    expect(JSON.parse(status.body)).toEqual({ state: 'running' })
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(metrics.body).toBe('greengate_up 1\n')
  })

  it('acknowledges the fire alarm, and answers 409 while the contact is still active', async () => {
    const first = await call(server.port, 'POST', '/fire-alarm/ack')
    ack = 'refused-contact-active'
    const second = await call(server.port, 'POST', '/fire-alarm/ack')

    expect(first.status).toBe(200)
    expect(JSON.parse(first.body)).toEqual({ outcome: 'acknowledged' })
    expect(second.status).toBe(409)
    expect(JSON.parse(second.body).error.code).toBe('FIRE_ALARM_CONTACT_ACTIVE')
  })

  it('refuses a request naming another host, as a DNS-rebinding page would', async () => {
    const answer = await call(server.port, 'GET', '/status', { host: 'evil.example:80' })

    expect(answer.status).toBe(403)
  })

  it('refuses a fire-alarm ack posted from another origin', async () => {
    const answer = await call(server.port, 'POST', '/fire-alarm/ack', {
      origin: 'https://evil.example',
    })
    const local = await call(server.port, 'POST', '/fire-alarm/ack', {
      origin: `http://localhost:${server.port}`,
    })

    expect(answer.status).toBe(403)
    expect(local.status).toBe(200)
  })

  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    expect((await call(server.port, 'GET', '/nope')).status).toBe(404)
    expect((await call(server.port, 'GET', '/fire-alarm/ack')).status).toBe(405)
    expect((await call(server.port, 'DELETE', '/status')).status).toBe(405)
  })

  it('answers 500 when a handler throws, and keeps serving', async () => {
    handlers.status = () => {
      throw new Error('bug')
    }

    const broken = await call(server.port, 'GET', '/status')

    expect(broken.status).toBe(500)
    expect(JSON.parse(broken.body).error.code).toBe('INTERNAL')
    expect((await call(server.port, 'GET', '/health')).status).toBe(200)
  })

  it('drives a simulated fire alarm, checking the body', async () => {
    const json = { 'content-type': 'application/json' }
    const bad = await call(server.port, 'POST', '/fire-alarm/simulate', json, '{"active":"yes"}')
    const good = await call(server.port, 'POST', '/fire-alarm/simulate', json, '{"active":true}')

    expect(bad.status).toBe(400)
    expect(good.status).toBe(200)
    expect(simulated).toEqual([true])
  })

  it('has no fire-alarm simulation when the input is real', async () => {
    await server.stop()
    server = new GateHttpServer({
      host: '127.0.0.1',
      port: 0,
      handlers: { ...handlers, simulateFireAlarm: undefined },
      logger,
    })
    await server.start()

    const answer = await call(server.port, 'POST', '/fire-alarm/simulate', {}, '{"active":true}')

    expect(answer.status).toBe(404)
  })

  it('serves the screen page of a known lane only', async () => {
    const page = await call(server.port, 'GET', '/screen?lane=2')

    expect(page.status).toBe(200)
    expect(page.type).toContain('text/html')
    expect(page.body).toContain('Lane 2')
    expect(page.body).toContain("new EventSource('/screen/events?lane=' + lane)")
    expect((await call(server.port, 'GET', '/screen?lane=9')).status).toBe(404)
  })

  it("streams the state and then only its own lane's results to a screen", async () => {
    board.publish({ lane: 1, verdict: 'refuse', reason: 'CODE_EXPIRED', at: 999_000 })
    const response = await fetch(`http://127.0.0.1:${server.port}/screen/events?lane=1`)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        text += Buffer.from(value).toString()
      }
    }

    await readUntil('"ageMs":1000')
    board.publish({ lane: 2, verdict: 'pass', reason: 'OK', at: 1_000_000 })
    board.publish({ lane: 1, verdict: 'pass', reason: 'OK', nameMasked: '张*明', at: 1_000_000 })
    await readUntil('张*明')
    await reader.cancel()

    expect(response.headers.get('content-type')).toContain('text/event-stream')
    expect(text).toContain('event: state\ndata: {"fireAlarm":false,"offline":false}')
    expect(text).toContain('"title":{"zh":"禁止通行","en":"REFUSED"}')
    expect(text).not.toContain('"lane":2')
  })
})
