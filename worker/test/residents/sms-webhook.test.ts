import { GreenGateError } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { configOf } from '../../src/config.ts'
import { primary } from '../../src/db/client.ts'
import { selectSmsSender } from '../../src/sms/select-sender.ts'
import { WebhookSmsSender } from '../../src/sms/webhook-sender.ts'

interface Sent {
  url: string
  init: RequestInit
}

function recordingFetch(status: number): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const fake = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), init: init ?? {} })
    return new Response('{"echo":"Your sign-in code is 123456"}', { status })
  }
  return { fetch: fake as typeof fetch, sent }
}

const gateway = 'https://sms-gateway.district.example/send'

describe('the SMS gateway webhook', () => {
  it('posts the number and text as JSON with the bearer token', async () => {
    const { fetch, sent } = recordingFetch(202)
    await new WebhookSmsSender({ url: gateway, token: 'gateway-token-0123456789', fetch }).send(
      '13912345678',
      'Your sign-in code is 123456.',
    )
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url).toBe(gateway)
    expect(sent[0]?.init.method).toBe('POST')
    expect(new Headers(sent[0]?.init.headers).get('authorization')).toBe(
      'Bearer gateway-token-0123456789',
    )
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({
      to: '13912345678',
      text: 'Your sign-in code is 123456.',
    })
  })

  it('fails with SMS_UNAVAILABLE, naming neither the number nor the text', async () => {
    const refusing = recordingFetch(502)
    const unreachable = (async () => {
      throw new TypeError('connect failed for 13912345678')
    }) as unknown as typeof fetch
    for (const fetch of [refusing.fetch, unreachable]) {
      const sender = new WebhookSmsSender({ url: gateway, token: undefined, fetch })
      const err = await sender.send('13912345678', 'code 123456').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(GreenGateError)
      expect((err as GreenGateError).code).toBe('SMS_UNAVAILABLE')
      expect((err as Error).message).not.toMatch(/13912345678|123456/)
    }
  })

  it('is the sender in production when a gateway is configured, and never in development', () => {
    const db = primary(env)
    const production = configOf({ ...env, ENVIRONMENT: 'production', SMS_WEBHOOK_URL: gateway })
    expect(selectSmsSender(production, db)).toBeInstanceOf(WebhookSmsSender)
    const development = configOf({ ...env, SMS_WEBHOOK_URL: gateway })
    expect(selectSmsSender(development, db)).not.toBeInstanceOf(WebhookSmsSender)
    const bare = configOf({ ...env, ENVIRONMENT: 'production' })
    expect(() => selectSmsSender(bare, db)).toThrow(/SMS_WEBHOOK_URL/)
  })

  it('refuses a Worker whose gateway setting is not a URL, naming the variable', () => {
    expect(() => configOf({ ...env, SMS_WEBHOOK_URL: 'not a url' })).toThrow(/SMS_WEBHOOK_URL/)
  })
})
