import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { api, errorOf, latestOtp, randomClientAddress, randomPhone } from '../helpers/resident.ts'
import { snapshot } from './fixtures.ts'

/** Calls a fresh app with ENVIRONMENT=production (and everything else as in the tests). */
async function asProduction(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await createApp().fetch(
    new Request(`http://gg.test${path}`, init),
    { ...env, ENVIRONMENT: 'production' },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

describe('GET /dev/sms-inbox', () => {
  it('shows the newest messages for a number in development and test', async () => {
    const phone = randomPhone()
    await api('/auth/otp', {
      body: { phone },
      headers: { 'cf-connecting-ip': randomClientAddress() },
    })
    const res = await api<{ messages: { message: string; sentAt: number }[] }>(
      `/dev/sms-inbox?phone=${phone}`,
    )
    expect(res.status).toBe(200)
    expect(res.body.messages).toHaveLength(1)
    expect(res.body.messages[0]?.message).toContain(await latestOtp(phone))
  })

  it('shows nothing for a number with no messages, and refuses a bad number', async () => {
    expect((await api(`/dev/sms-inbox?phone=${randomPhone()}`)).body).toEqual({ messages: [] })
    expect(errorOf(await api('/dev/sms-inbox?phone=123')).code).toBe('VALIDATION_FAILED')
    expect(errorOf(await api('/dev/sms-inbox')).code).toBe('VALIDATION_FAILED')
  })

  it('does not exist in production: the same 404 as an unknown path, whatever the query', async () => {
    for (const path of [
      `/dev/sms-inbox?phone=${randomPhone()}`,
      '/dev/sms-inbox',
      '/dev/sms-inbox?phone=1',
    ]) {
      const res = await asProduction(path)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route' } })
    }
  })
})

describe('SMS in production', () => {
  it('fails clearly without a provider, storing no code and counting no send', async () => {
    const before = await snapshot()
    const res = await asProduction('/auth/otp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: randomPhone() }),
    })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ error: { code: 'INTERNAL' } })
    expect(await snapshot()).toEqual(before)
  })
})
