// Per-address limits (SMS sends, staff sign-in attempts) must hold for IPv6 callers too. One
// subscriber is given a whole /64 (often a /56), so counting each address on its own lets
// anyone rotate through billions of addresses: a limit counts the /64.
import { describe, expect, it } from 'vitest'
import { addressBucket } from '../../src/services/rate-limit.ts'
import { api, errorOf, randomPhone } from '../helpers/resident.ts'
import { createStaff } from '../helpers/staff.ts'

/** The `n`th address of the /64 `prefix` (four hextets). */
function inPrefix(prefix: string, n: number): string {
  return `${prefix}:${(n + 1).toString(16)}:0:0:1`
}

function requestOtp(address: string) {
  return api('/auth/otp', {
    body: { phone: randomPhone() },
    headers: { 'cf-connecting-ip': address },
  })
}

describe('per-address limits on IPv6', () => {
  it('count every address of one /64 against the 20 SMS sends an hour', async () => {
    const prefix = '2001:db8:aa:1'
    for (let i = 0; i < 20; i++) expect((await requestOtp(inPrefix(prefix, i))).status).toBe(202)
    const refused = await requestOtp(inPrefix(prefix, 20))
    expect(refused.status).toBe(429)
    expect(errorOf(refused).code).toBe('RATE_LIMITED')
    // The same prefix written another way is the same /64.
    expect((await requestOtp('2001:0DB8:00AA:0001::beef')).status).toBe(429)
    // The neighbouring /64 is someone else.
    expect((await requestOtp('2001:db8:aa:2::1')).status).toBe(202)
  })

  it('count every address of one /64 against the 50 staff sign-in attempts', async () => {
    const reviewer = await createStaff('reviewer')
    const prefix = '2001:db8:bb:7'
    // A new username every time, so that only the per-address limit can refuse.
    const attempt = (i: number) =>
      api('/staff/login', {
        body: { username: `nobody-${i}`, password: 'wrong password' },
        headers: { 'cf-connecting-ip': inPrefix(prefix, i) },
      })
    for (let i = 0; i < 50; i++) expect(errorOf(await attempt(i)).code).toBe('CREDENTIALS_INVALID')
    expect(errorOf(await attempt(50)).code).toBe('RATE_LIMITED')
    const right = await api('/staff/login', {
      body: { username: reviewer.username, password: reviewer.password },
      headers: { 'cf-connecting-ip': inPrefix(prefix, 51) },
    })
    expect(errorOf(right).code).toBe('RATE_LIMITED')
  })
})

describe('addressBucket', () => {
  it('keeps IPv4 addresses whole', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7')
    expect(addressBucket('203.0.113.8')).toBe('203.0.113.8')
  })

  it('reduces IPv6 addresses to their /64, however they are written', () => {
    const bucket = addressBucket('2001:db8:aa:1::1')
    for (const same of [
      '2001:db8:aa:1:ffff:ffff:ffff:ffff',
      '2001:0db8:00aa:0001:0000:0000:0000:0002',
      '2001:DB8:AA:1:1:2:3:4',
      '2001:db8:aa:1:0:0:10.1.2.3',
    ]) {
      expect(addressBucket(same), same).toBe(bucket)
    }
    expect(addressBucket('2001:db8:aa:2::1')).not.toBe(bucket)
    expect(addressBucket('::1')).toBe(addressBucket('::2'))
  })

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7')
  })

  it('keeps what it cannot parse as it is', () => {
    expect(addressBucket('unknown')).toBe('unknown')
    expect(addressBucket('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9')
  })
})
