import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createStaff, staffLogin } from '../helpers/staff.ts'

function login(body: unknown, address = '192.0.2.1') {
  return exports.default.fetch('http://gg.test/staff/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
    body: JSON.stringify(body),
  })
}

async function sessionCount(): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM sessions').first<{ n: number }>()
  return row?.n ?? 0
}

describe('staff sign-in', () => {
  it('answers a 12-hour ss_ session and the staff profile', async () => {
    const admin = await createStaff('admin', { displayName: 'Wang Admin' })
    const res = await login({ username: admin.username, password: admin.password })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { token: string; expiresAt: number; staff: unknown }
    expect(body.token).toMatch(/^ss_[A-Za-z0-9_-]{43}$/)
    const now = Math.floor(Date.now() / 1000)
    expect(body.expiresAt).toBeGreaterThanOrEqual(now + 12 * 3600 - 5)
    expect(body.expiresAt).toBeLessThanOrEqual(now + 12 * 3600 + 5)
    expect(body.staff).toEqual({
      id: admin.id,
      username: admin.username,
      displayName: 'Wang Admin',
      role: 'admin',
    })
  })

  it('stores only the hash of the token', async () => {
    const reviewer = await createStaff('reviewer')
    const rows = await env.DB.prepare('SELECT token_hash FROM sessions WHERE staff_id = ?')
      .bind(reviewer.id)
      .all()
    expect(rows.results.length).toBe(1)
    expect(JSON.stringify(rows.results)).not.toContain(reviewer.token.slice(3))
  })

  it('accepts the username in any case', async () => {
    const reviewer = await createStaff('reviewer')
    const res = await login({
      username: reviewer.username.toUpperCase(),
      password: reviewer.password,
    })
    expect(res.status).toBe(200)
  })

  it('refuses a wrong password and an unknown username with the same answer', async () => {
    const reviewer = await createStaff('reviewer')
    const before = await sessionCount()
    const wrong = await login({ username: reviewer.username, password: 'not-the-password' })
    const unknown = await login({ username: 'nobody-here', password: 'not-the-password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const wrongBody = await wrong.json()
    expect(wrongBody).toMatchObject({ error: { code: 'CREDENTIALS_INVALID' } })
    expect(await unknown.json()).toEqual(wrongBody)
    expect(await sessionCount()).toBe(before)
  })

  it('refuses a disabled account even with the right password', async () => {
    const reviewer = await createStaff('reviewer')
    await env.DB.prepare('UPDATE staff SET disabled_at = 1 WHERE id = ?').bind(reviewer.id).run()
    const res = await login({ username: reviewer.username, password: reviewer.password })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'CREDENTIALS_INVALID' } })
  })

  it('ends the sessions of a disabled account', async () => {
    const reviewer = await createStaff('reviewer')
    await env.DB.prepare('UPDATE staff SET disabled_at = 1 WHERE id = ?').bind(reviewer.id).run()
    const res = await exports.default.fetch('http://gg.test/staff/me', { headers: reviewer.auth })
    expect(res.status).toBe(401)
  })

  it('limits attempts on one username, even with the right password afterwards', async () => {
    const reviewer = await createStaff('reviewer')
    for (let i = 0; i < 10; i++) {
      const res = await login(
        { username: reviewer.username, password: `guess-${i}` },
        `198.51.100.${i}`,
      )
      expect(res.status).toBe(401)
    }
    const limited = await login(
      { username: reviewer.username, password: reviewer.password },
      '198.51.100.99',
    )
    expect(limited.status).toBe(429)
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
  })

  it('limits attempts from one address across usernames', async () => {
    const reviewer = await createStaff('reviewer')
    for (let i = 0; i < 50; i++) {
      const res = await login({ username: `someone-${i}`, password: 'x' }, '203.0.113.7')
      expect(res.status).toBe(401)
    }
    const limited = await login(
      { username: reviewer.username, password: reviewer.password },
      '203.0.113.7',
    )
    expect(limited.status).toBe(429)
    const elsewhere = await login(
      { username: reviewer.username, password: reviewer.password },
      '203.0.113.8',
    )
    expect(elsewhere.status).toBe(200)
  })

  it('answers bad bodies with specific 4xx codes', async () => {
    const cases: [RequestInit, number, string][] = [
      [
        { body: '{"username":', headers: { 'content-type': 'application/json' } },
        400,
        'MALFORMED_JSON',
      ],
      [
        { body: 'username=a', headers: { 'content-type': 'text/plain' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [{ body: JSON.stringify({ username: 1, password: 'x' }) }, 400, 'VALIDATION_FAILED'],
      [
        { body: JSON.stringify({ username: 'a', password: 'x', extra: true }) },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { body: JSON.stringify({ username: 'a', password: 'x'.repeat(129) }) },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { body: JSON.stringify({ username: 'a', password: 'x'.repeat(300_000) }) },
        413,
        'BODY_TOO_LARGE',
      ],
    ]
    for (const [init, status, code] of cases) {
      const res = await exports.default.fetch('http://gg.test/staff/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...init,
      })
      expect(res.status, code).toBe(status)
      expect(await res.json()).toMatchObject({ error: { code } })
    }
  })
})

describe('staff session', () => {
  it('answers the profile at /staff/me', async () => {
    const reviewer = await createStaff('reviewer')
    const res = await exports.default.fetch('http://gg.test/staff/me', { headers: reviewer.auth })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ staff: { id: reviewer.id, role: 'reviewer' } })
  })

  it('ends the session on logout, and only that one', async () => {
    const reviewer = await createStaff('reviewer')
    const second = await staffLogin(reviewer.username, reviewer.password)
    const out = await exports.default.fetch('http://gg.test/staff/logout', {
      method: 'POST',
      headers: reviewer.auth,
    })
    expect(out.status).toBe(200)
    const after = await exports.default.fetch('http://gg.test/staff/me', { headers: reviewer.auth })
    expect(after.status).toBe(401)
    expect(await after.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    const other = await exports.default.fetch('http://gg.test/staff/me', {
      headers: { authorization: `Bearer ${second}` },
    })
    expect(other.status).toBe(200)
  })

  it('refuses missing, malformed, resident and device credentials', async () => {
    const headers = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic abc' },
      { authorization: `Bearer ss_${'A'.repeat(43)}` },
      { authorization: `Bearer rs_${'A'.repeat(43)}` },
      { authorization: `Bearer gd_${'A'.repeat(43)}` },
      { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJ9.sig' },
    ]
    for (const h of headers) {
      const res = await exports.default.fetch('http://gg.test/staff/me', { headers: h })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    }
  })
})
