// Sign-in codes and the people behind them stay private: asking for a code tells nobody
// whether the number has an account (not by the answer, not by the work done), and no
// log line ever holds a phone number, a code, a token, a name or an ID number.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src/app.ts'
import { fetchWithEnv } from '../helpers/codes.ts'
import { recordingD1, type D1Call } from '../helpers/d1-recorder.ts'
import {
  declaration,
  personDetails,
  randomClientAddress,
  randomPhone,
  signInResident,
  validIdCardNumber,
} from '../helpers/resident.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

async function askForCode(phone: string) {
  const calls: D1Call[] = []
  const res = await fetchWithEnv({ DB: recordingD1(env.DB, calls) }, '/auth/otp', {
    json: { phone },
    headers: { 'cf-connecting-ip': randomClientAddress() },
  })
  const headers = [...res.headers].filter(([name]) => !['x-request-id', 'date'].includes(name))
  return { status: res.status, body: res.body, headers, statements: calls.map((c) => c.sql) }
}

describe('asking for a sign-in code', () => {
  it('answers and works the same for a registered and an unknown number', async () => {
    const registered = (await signInResident()).phone
    // Its sign-in was hours ago, so that the one-a-minute resend limit is not what answers.
    await env.DB.prepare('UPDATE otp_challenges SET created_at = created_at - 7200').run()
    const unknown = randomPhone()
    const known = await askForCode(registered)
    const stranger = await askForCode(unknown)

    expect(stranger.status).toBe(202)
    expect(stranger.body).toEqual(known.body)
    expect(stranger.headers).toEqual(known.headers)
    // The same statements in the same order: nothing to time apart.
    expect(stranger.statements).toEqual(known.statements)
  })
})

describe('the log output of a whole resident day', () => {
  it('holds no phone, code, token, name, address or ID number', async () => {
    const lines: string[] = []
    const capture = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation(capture)
    }
    // Development, so that the SMS sender logs what it does, on a loopback host like
    // `wrangler dev`, so that the inbox answers.
    const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const headers = new Headers(init.headers)
      if (init.json !== undefined) headers.set('content-type', 'application/json')
      const ctx = createExecutionContext()
      const res = await createApp().fetch(
        new Request(`http://127.0.0.1:8787${path}`, {
          ...init,
          headers,
          ...(init.json === undefined ? {} : { method: 'POST', body: JSON.stringify(init.json) }),
        }),
        { ...env, ENVIRONMENT: 'development' },
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return (await res.json()) as Record<string, unknown>
    }
    const phone = randomPhone()
    const newPhone = randomPhone()
    const idNumber = validIdCardNumber()
    const name = '司马相如'
    const address = '余杭区仓前街道梦想小镇 7 号'
    const ip = { 'cf-connecting-ip': randomClientAddress() }

    await call('/auth/otp', { json: { phone }, headers: ip })
    const inbox = (await call(`/dev/sms-inbox?phone=${phone}`)) as {
      messages: { message: string }[]
    }
    const code = /\b(\d{6})\b/.exec(inbox.messages[0]?.message ?? '')?.[1] ?? ''
    await call('/auth/login', { json: { phone, code: code === '000000' ? '111111' : '000000' } })
    const session = await call('/auth/login', { json: { phone, code } })
    const token = String(session.token)
    const auth = { authorization: `Bearer ${token}` }
    const person = await call('/people', {
      headers: auth,
      json: personDetails({ name, address, document: { type: 'id_card', number: idNumber } }),
    })
    await call('/people', {
      headers: auth,
      json: personDetails({ name, document: { type: 'id_card', number: idNumber } }),
    })
    await call(`/people/${String(person.id)}/applications`, {
      headers: auth,
      json: { declaration: declaration() },
    })
    await call('/me/phone/otp', { headers: { ...auth, ...ip }, json: { newPhone } })
    await call('/me/phone', { headers: auth, json: { newPhone, code: '123456' } })
    await call('/auth/logout', { method: 'POST', headers: auth })

    expect(lines.some((line) => line.includes('sms kept in dev inbox'))).toBe(true)
    const output = lines.join('\n')
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
    for (const secret of [phone, newPhone, masked, code, token, name, address, idNumber]) {
      expect(output, secret).not.toContain(secret)
    }
  })
})
