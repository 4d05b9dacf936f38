import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  api,
  errorOf,
  latestOtp,
  latestSms,
  randomClientAddress,
  randomPhone,
  signInResident,
} from '../helpers/resident.ts'
import { rows, snapshot } from './fixtures.ts'

const T0 = Date.UTC(2025, 5, 15, 8, 0, 0)

function at(secondsAfterT0: number): void {
  vi.setSystemTime(T0 + secondsAfterT0 * 1000)
}

function requestOtp(phone: string, address = randomClientAddress()) {
  return api('/auth/otp', { body: { phone }, headers: { 'cf-connecting-ip': address } })
}

function login(phone: string, code: string) {
  return api<{ token: string; expiresAt: number; account: { id: string; phoneMasked: string } }>(
    '/auth/login',
    {
      body: { phone, code },
    },
  )
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0')
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  at(0)
})
afterEach(() => vi.useRealTimers())

describe('POST /auth/otp', () => {
  it('answers 202 with resend and expiry times, and the dev inbox holds a 6-digit code', async () => {
    const phone = randomPhone()
    const res = await requestOtp(phone)
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 })
    expect(await latestSms(phone)).toMatch(/\b\d{6}\b/)
  })

  it('answers a registered number exactly like an unknown one', async () => {
    const known = await signInResident()
    at(120)
    const forKnown = await requestOtp(known.phone)
    const forUnknown = await requestOtp(randomPhone())
    expect(forKnown.status).toBe(forUnknown.status)
    expect(forKnown.body).toEqual(forUnknown.body)
  })

  it('accepts +86 and spaces, sending to the bare number', async () => {
    const phone = randomPhone()
    const res = await requestOtp(`+86 ${phone.slice(0, 3)} ${phone.slice(3)}`)
    expect(res.status).toBe(202)
    expect(await latestOtp(phone)).toMatch(/^\d{6}$/)
  })

  it('stores only a hash of the code, and no phone number in the clear', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    const stored = JSON.stringify(await rows('SELECT * FROM otp_challenges'))
    expect(stored).not.toContain(code)
    expect(stored).not.toContain(phone)
    expect(JSON.stringify(await rows('SELECT * FROM rate_limits'))).not.toContain(phone)
  })

  it('refuses a second send to the same number within 60 seconds with 429 and Retry-After', async () => {
    const phone = randomPhone()
    expect((await requestOtp(phone)).status).toBe(202)
    at(45)
    const again = await requestOtp(phone)
    expect(again.status).toBe(429)
    expect(errorOf(again).code).toBe('RATE_LIMITED')
    expect(again.headers.get('retry-after')).toBe('15')
    at(60)
    expect((await requestOtp(phone)).status).toBe(202)
  })

  it('allows 5 sends an hour to one number, then refuses until the hour is over', async () => {
    const phone = randomPhone()
    for (let i = 0; i < 5; i++) {
      at(i * 61)
      expect((await requestOtp(phone)).status).toBe(202)
    }
    at(5 * 61)
    const sixth = await requestOtp(phone)
    expect(sixth.status).toBe(429)
    expect(Number(sixth.headers.get('retry-after'))).toBe(3600 - 5 * 61)
    at(3600)
    expect((await requestOtp(phone)).status).toBe(202)
  })

  it('allows 20 sends an hour from one client address, whatever the numbers', async () => {
    const address = randomClientAddress()
    for (let i = 0; i < 20; i++) expect((await requestOtp(randomPhone(), address)).status).toBe(202)
    const refused = await requestOtp(randomPhone(), address)
    expect(refused.status).toBe(429)
    expect(errorOf(refused).code).toBe('RATE_LIMITED')
    expect((await requestOtp(randomPhone(), randomClientAddress())).status).toBe(202)
  })

  it('refuses a landline, a foreign number and a missing number without storing anything', async () => {
    const before = await snapshot()
    for (const body of [
      { phone: '057188888888' },
      { phone: '+85291234567' },
      {},
      { phone: 13812345678 },
    ]) {
      const res = await api('/auth/otp', { body })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    const purpose = await api('/auth/otp', {
      body: { phone: randomPhone(), purpose: 'change_phone' },
    })
    expect(errorOf(purpose).fields?.[0]?.path).toBe('purpose')
    expect(await snapshot()).toEqual(before)
  })
})

describe('POST /auth/login', () => {
  it('creates the account on first sign-in and answers a resident session', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const res = await login(phone, await latestOtp(phone))
    expect(res.status).toBe(200)
    expect(res.body.token).toMatch(/^rs_/)
    expect(res.body.expiresAt).toBe(T0 / 1000 + 30 * 86_400)
    expect(res.body.account.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`)

    const me = await api('/me', { token: res.body.token })
    expect(me.body).toEqual({
      id: res.body.account.id,
      phoneMasked: res.body.account.phoneMasked,
      createdAt: T0 / 1000,
    })
  })

  it('signs a returning number into the same account', async () => {
    const first = await signInResident()
    at(61)
    const second = await signInResident(first.phone)
    expect(second.accountId).toBe(first.accountId)
    expect(second.token).not.toBe(first.token)
    expect(await rows('SELECT id FROM accounts WHERE id = ?', first.accountId)).toHaveLength(1)
  })

  it('answers a wrong code with OTP_INVALID and the tries left, then OTP_EXHAUSTED after 5', async () => {
    const accountsBefore = await rows('SELECT id FROM accounts')
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    for (let left = 4; left >= 1; left--) {
      const res = await login(phone, wrongCode(code))
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('OTP_INVALID')
      expect(errorOf(res).message).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`)
    }
    expect(errorOf(await login(phone, wrongCode(code))).code).toBe('OTP_EXHAUSTED')
    // Dead now, even with the right code.
    const right = await login(phone, code)
    expect(errorOf(right).code).toBe('OTP_EXHAUSTED')
    expect(await rows('SELECT id FROM accounts')).toEqual(accountsBefore)
  })

  it('never puts the code or the number in an error message', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    const res = await login(phone, wrongCode(code))
    expect(errorOf(res).message).not.toContain(wrongCode(code))
    expect(errorOf(res).message).not.toContain(phone)
  })

  it('refuses a code 5 minutes old with OTP_EXPIRED', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    at(300)
    const res = await login(phone, code)
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('OTP_EXPIRED')
  })

  it('accepts a code until the 5 minutes are over', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    at(299)
    expect((await login(phone, code)).status).toBe(200)
  })

  it('accepts a code only once', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const code = await latestOtp(phone)
    expect((await login(phone, code)).status).toBe(200)
    expect(errorOf(await login(phone, code)).code).toBe('OTP_EXPIRED')
  })

  it('makes an earlier code useless once a new one is sent', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    const old = await latestOtp(phone)
    at(61)
    await requestOtp(phone)
    const fresh = await latestOtp(phone)
    // The old code is checked against the new challenge: just a wrong code.
    if (fresh !== old) expect(errorOf(await login(phone, old)).code).toBe('OTP_INVALID')
    expect((await login(phone, fresh)).status).toBe(200)
  })

  it('refuses a login for a number that never asked for a code', async () => {
    const res = await login(randomPhone(), '123456')
    expect(errorOf(res).code).toBe('OTP_EXPIRED')
  })

  it('refuses codes that are not 6 digits without counting a try', async () => {
    const phone = randomPhone()
    await requestOtp(phone)
    for (const code of ['12345', '1234567', 'abcdef', 123456]) {
      const res = await api('/auth/login', { body: { phone, code } })
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    const newest = await rows('SELECT attempts FROM otp_challenges ORDER BY rowid DESC LIMIT 1')
    expect(newest).toEqual([{ attempts: 0 }])
  })
})

describe('POST /auth/logout and GET /me', () => {
  it('ends the session: the token no longer works, another session of the account does', async () => {
    const first = await signInResident()
    at(61)
    const second = await signInResident(first.phone)
    const out = await api('/auth/logout', { method: 'POST', token: first.token })
    expect(out.status).toBe(200)
    expect(out.body).toEqual({ ok: true })
    expect(errorOf(await api('/me', { token: first.token })).code).toBe('UNAUTHENTICATED')
    expect((await api('/me', { token: second.token })).status).toBe(200)
  })

  it('refuses an expired session after 30 days', async () => {
    const { token } = await signInResident()
    at(30 * 86_400)
    const res = await api('/me', { token })
    expect(res.status).toBe(401)
    expect(errorOf(res).code).toBe('UNAUTHENTICATED')
  })

  it('refuses a missing, malformed or unknown token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic abc' },
      { authorization: 'Bearer rs_unknowntokenvalue' },
    ]) {
      const res = await api('/me', { headers })
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('UNAUTHENTICATED')
    }
    expect(errorOf(await api('/auth/logout', { method: 'POST' })).code).toBe('UNAUTHENTICATED')
  })
})
