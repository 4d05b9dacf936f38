import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  addPerson,
  api,
  errorOf,
  latestOtp,
  randomClientAddress,
  randomPhone,
  signInResident,
} from '../helpers/resident.ts'
import { rows, snapshot } from './fixtures.ts'

const T0 = Date.UTC(2025, 5, 15, 8, 0, 0)

function at(secondsAfterT0: number): void {
  vi.setSystemTime(T0 + secondsAfterT0 * 1000)
}

function askCode(token: string, newPhone: string) {
  return api('/me/phone/otp', {
    token,
    body: { newPhone },
    headers: { 'cf-connecting-ip': randomClientAddress() },
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  at(0)
})
afterEach(() => vi.useRealTimers())

describe('moving an account to a new number', () => {
  it('sends the code to the new number and moves the account, keeping its people', async () => {
    const resident = await signInResident()
    const person = await addPerson(resident.token)
    const newPhone = randomPhone()

    const sent = await askCode(resident.token, newPhone)
    expect(sent.status).toBe(202)
    expect(sent.body).toEqual({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 })
    const moved = await api('/me/phone', {
      token: resident.token,
      body: { newPhone, code: await latestOtp(newPhone) },
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({
      id: resident.accountId,
      phoneMasked: `${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`,
    })

    // The session goes on; the new number signs into the same account with its people.
    expect((await api('/me', { token: resident.token })).status).toBe(200)
    at(61)
    const again = await signInResident(newPhone)
    expect(again.accountId).toBe(resident.accountId)
    const people = await api<{ people: { id: string }[] }>('/people', { token: again.token })
    expect(people.body.people.map((p) => p.id)).toEqual([person.id])
  })

  it('frees the old number: it signs into a new, empty account', async () => {
    const resident = await signInResident()
    await addPerson(resident.token)
    const newPhone = randomPhone()
    await askCode(resident.token, newPhone)
    await api('/me/phone', {
      token: resident.token,
      body: { newPhone, code: await latestOtp(newPhone) },
    })

    at(61)
    const old = await signInResident(resident.phone)
    expect(old.accountId).not.toBe(resident.accountId)
    expect((await api('/people', { token: old.token })).body).toEqual({ people: [] })
  })

  it('refuses a number another account uses with PHONE_TAKEN, sending nothing', async () => {
    const resident = await signInResident()
    const other = await signInResident()
    const before = await rows('SELECT COUNT(*) AS n FROM dev_sms_inbox')
    const res = await askCode(resident.token, other.phone)
    expect(res.status).toBe(409)
    expect(errorOf(res).code).toBe('PHONE_TAKEN')
    expect(errorOf(res).message).not.toContain(other.phone)
    expect(await rows('SELECT COUNT(*) AS n FROM dev_sms_inbox')).toEqual(before)
  })

  it('refuses the account its own number with CONFLICT', async () => {
    const resident = await signInResident()
    expect(errorOf(await askCode(resident.token, resident.phone)).code).toBe('CONFLICT')
  })

  it('refuses the move when the number was taken after the code was sent', async () => {
    const resident = await signInResident()
    const newPhone = randomPhone()
    await askCode(resident.token, newPhone)
    const code = await latestOtp(newPhone)
    at(61)
    const squatter = await signInResident(newPhone)
    const res = await api('/me/phone', { token: resident.token, body: { newPhone, code } })
    expect(errorOf(res).code).toBe('PHONE_TAKEN')
    expect((await api<{ id: string }>('/me', { token: squatter.token })).body.id).toBe(
      squatter.accountId,
    )
  })

  it('does not take a sign-in code for the new number as a change code', async () => {
    const resident = await signInResident()
    const newPhone = randomPhone()
    await api('/auth/otp', {
      body: { phone: newPhone },
      headers: { 'cf-connecting-ip': randomClientAddress() },
    })
    const res = await api('/me/phone', {
      token: resident.token,
      body: { newPhone, code: await latestOtp(newPhone) },
    })
    expect(errorOf(res).code).toBe('OTP_EXPIRED')
  })

  it("does not take another account's change code", async () => {
    const owner = await signInResident()
    const thief = await signInResident()
    const newPhone = randomPhone()
    await askCode(owner.token, newPhone)
    const res = await api('/me/phone', {
      token: thief.token,
      body: { newPhone, code: await latestOtp(newPhone) },
    })
    expect(errorOf(res).code).toBe('OTP_EXPIRED')
  })

  it('counts wrong codes and dies after 5', async () => {
    const resident = await signInResident()
    const newPhone = randomPhone()
    await askCode(resident.token, newPhone)
    const code = await latestOtp(newPhone)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 4; i++) {
      expect(
        errorOf(await api('/me/phone', { token: resident.token, body: { newPhone, code: wrong } }))
          .code,
      ).toBe('OTP_INVALID')
    }
    expect(
      errorOf(await api('/me/phone', { token: resident.token, body: { newPhone, code: wrong } }))
        .code,
    ).toBe('OTP_EXHAUSTED')
    expect(
      errorOf(await api('/me/phone', { token: resident.token, body: { newPhone, code } })).code,
    ).toBe('OTP_EXHAUSTED')
  })

  it('limits codes: one a minute to the new number', async () => {
    const resident = await signInResident()
    const newPhone = randomPhone()
    expect((await askCode(resident.token, newPhone)).status).toBe(202)
    const again = await askCode(resident.token, newPhone)
    expect(again.status).toBe(429)
    expect(again.headers.get('retry-after')).toBe('60')
  })

  it('limits one account to 5 change codes an hour, whatever the numbers and addresses', async () => {
    const resident = await signInResident()
    for (let i = 0; i < 5; i++)
      expect((await askCode(resident.token, randomPhone())).status).toBe(202)
    expect(errorOf(await askCode(resident.token, randomPhone())).code).toBe('RATE_LIMITED')
  })

  it('refuses bad input and missing sessions without changing anything', async () => {
    const resident = await signInResident()
    const before = await snapshot()
    const cases = [
      api('/me/phone/otp', { token: resident.token, body: { newPhone: '12345' } }),
      api('/me/phone/otp', { token: resident.token, body: { phone: randomPhone() } }),
      api('/me/phone/otp', { token: resident.token, body: { newPhone: randomPhone(), extra: 1 } }),
      api('/me/phone', { token: resident.token, body: { newPhone: randomPhone(), code: '12' } }),
      api('/me/phone', { token: resident.token, rawBody: '{"newPhone":' }),
    ]
    for (const res of await Promise.all(cases)) expect(res.status).toBe(400)
    expect(errorOf(await api('/me/phone/otp', { body: { newPhone: randomPhone() } })).code).toBe(
      'UNAUTHENTICATED',
    )
    expect(
      errorOf(await api('/me/phone', { body: { newPhone: randomPhone(), code: '123456' } })).code,
    ).toBe('UNAUTHENTICATED')
    expect(await snapshot()).toEqual(before)
  })
})
