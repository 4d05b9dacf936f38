// wrangler.toml ships ENVIRONMENT = "development" so that `npm start` works; a deploy that
// forgets to change it must not publish every sign-in code at /dev/sms-inbox. In
// development the inbox answers only on a loopback host, which is what `wrangler dev`
// serves and what no request from the internet can name.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { randomClientAddress, randomPhone } from '../helpers/resident.ts'

/** Calls a fresh app with ENVIRONMENT=development (or test) at `origin`. */
async function asDevelopment(
  origin: string,
  path: string,
  init?: RequestInit,
  environment = 'development',
) {
  const ctx = createExecutionContext()
  const res = await createApp().fetch(
    new Request(`${origin}${path}`, init),
    { ...env, ENVIRONMENT: environment },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function sendCode(origin: string, phone: string) {
  const sent = await asDevelopment(origin, '/auth/otp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomClientAddress() },
    body: JSON.stringify({ phone }),
  })
  expect(sent.status).toBe(202)
}

describe('the development SMS inbox', () => {
  it('is not served on a public host, even with ENVIRONMENT left at development', async () => {
    for (const origin of [
      'https://greengate.district.workers.dev',
      'https://gg.yuhang.gov.cn',
      'http://10.0.0.8:8787',
      'http://localhost.attacker.example',
    ]) {
      const phone = randomPhone()
      await sendCode(origin, phone)
      const res = await asDevelopment(origin, `/dev/sms-inbox?phone=${phone}`)
      expect(res.status, origin).toBe(404)
      expect(res.body, origin).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route' } })
    }
    // Nor with ENVIRONMENT set to test.
    const phone = randomPhone()
    const res = await asDevelopment(
      'https://gg.yuhang.gov.cn',
      `/dev/sms-inbox?phone=${phone}`,
      undefined,
      'test',
    )
    expect(res.status).toBe(404)
  })

  it('is served to a developer on a loopback host', async () => {
    const loopback = ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']
    for (const origin of [...loopback, 'http://gg.test']) {
      const phone = randomPhone()
      await sendCode(origin, phone)
      const res = await asDevelopment(origin, `/dev/sms-inbox?phone=${phone}`)
      expect(res.status, origin).toBe(200)
      expect(JSON.stringify(res.body), origin).toMatch(/\b\d{6}\b/)
    }
  })
})
