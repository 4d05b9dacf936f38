import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff, staffLogin, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'

interface StaffAccount {
  id: string
  username: string
  displayName: string
  role: string
  disabledAt: number | null
}

let admin: TestStaff

beforeAll(async () => {
  admin = await createStaff('admin')
})

function createAccount(body: unknown, token = admin.token) {
  return api<{ staff: StaffAccount }>('/admin/staff', { token, body })
}

function patchAccount(staffId: string, body: unknown, token = admin.token) {
  return api<{ staff: StaffAccount }>(`/admin/staff/${staffId}`, { method: 'PATCH', token, body })
}

async function auditRows(action: string, targetId: string) {
  const rows = await env.DB.prepare(
    'SELECT staff_id, details FROM audit_log WHERE action = ? AND target_id = ?',
  )
    .bind(action, targetId)
    .all<{ staff_id: string; details: string }>()
  return rows.results
}

describe('staff accounts', () => {
  it('creates a reviewer who can sign in; the password is only stored hashed', async () => {
    const password = 'correct horse battery'
    const res = await createAccount({
      username: 'li.reviewer',
      displayName: '李审核',
      role: 'reviewer',
      password,
    })
    expect(res.status).toBe(201)
    expect(res.body.staff).toMatchObject({
      username: 'li.reviewer',
      displayName: '李审核',
      role: 'reviewer',
      disabledAt: null,
    })
    expect(JSON.stringify(res.body)).not.toContain(password)

    const token = await staffLogin('li.reviewer', password)
    const me = await api('/staff/me', { token })
    expect(me.body).toMatchObject({ staff: { username: 'li.reviewer', role: 'reviewer' } })

    const stored = await env.DB.prepare('SELECT password_hash FROM staff WHERE id = ?')
      .bind(res.body.staff.id)
      .first<{ password_hash: string }>()
    expect(stored?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/)
    const audit = await auditRows('staff.create', res.body.staff.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.staff_id).toBe(admin.id)
    expect(audit[0]?.details).not.toContain(password)
  })

  it('lists every account without password hashes', async () => {
    const res = await api<{ staff: StaffAccount[] }>('/admin/staff', { token: admin.token })
    expect(res.status).toBe(200)
    expect(res.body.staff.map((s) => s.id)).toContain(admin.id)
    expect(JSON.stringify(res.body)).not.toContain('pbkdf2')
  })

  it('refuses a taken username with 409 CONFLICT', async () => {
    const body = {
      username: 'twice',
      displayName: 'Twice',
      role: 'reviewer',
      password: 'long-enough-password',
    }
    expect((await createAccount(body)).status).toBe(201)
    const before = await snapshotTables()
    const again = await createAccount(body)
    expect(again.status).toBe(409)
    expect(errorOf(again).code).toBe('CONFLICT')
    expect(await snapshotTables()).toEqual(before)
  })

  it('refuses bad accounts with field errors and stores nothing', async () => {
    const valid = {
      username: 'valid.name',
      displayName: 'Valid',
      role: 'reviewer',
      password: 'long-enough-password',
    }
    const bodies = [
      { ...valid, username: 'ab' },
      { ...valid, username: 'Has Space' },
      { ...valid, username: 'x'.repeat(33) },
      { ...valid, username: 42 },
      { ...valid, role: 'root' },
      { ...valid, password: 'short' },
      { ...valid, password: 'x'.repeat(129) },
      { ...valid, displayName: '' },
      { ...valid, displayName: 'x'.repeat(65) },
      { ...valid, extra: 1 },
      { username: 'missing.fields' },
    ]
    const before = await snapshotTables()
    for (const body of bodies) {
      const res = await createAccount(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const error = errorOf(res)
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(error.fields?.length).toBeGreaterThan(0)
    }
    const raw = await api('/admin/staff', { token: admin.token, rawBody: '{"username":"x",' })
    expect(errorOf(raw).code).toBe('MALFORMED_JSON')
    const big = await api('/admin/staff', {
      token: admin.token,
      body: { ...valid, displayName: 'x'.repeat(300_000) },
    })
    expect(big.status).toBe(413)
    expect(await snapshotTables()).toEqual(before)
  })

  it('promotes a reviewer to admin, who may then use admin routes', async () => {
    const reviewer = await createStaff('reviewer')
    expect((await api('/admin/staff', { token: reviewer.token })).status).toBe(403)
    const res = await patchAccount(reviewer.id, { role: 'admin' })
    expect(res.status).toBe(200)
    expect(res.body.staff.role).toBe('admin')
    expect((await api('/admin/staff', { token: reviewer.token })).status).toBe(200)
    const audit = await auditRows('staff.update', reviewer.id)
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({ changed: ['role'], role: 'admin' })
  })

  it('disables an account: sessions end, sign-in fails; enabling lets it back', async () => {
    const reviewer = await createStaff('reviewer')
    const res = await patchAccount(reviewer.id, { disabled: true })
    expect(res.status).toBe(200)
    expect(res.body.staff.disabledAt).toEqual(expect.any(Number))
    expect((await api('/staff/me', { token: reviewer.token })).status).toBe(401)
    await expect(staffLogin(reviewer.username, reviewer.password)).rejects.toThrow(/401/)

    expect((await patchAccount(reviewer.id, { disabled: false })).body.staff.disabledAt).toBeNull()
    const token = await staffLogin(reviewer.username, reviewer.password)
    expect((await api('/staff/me', { token })).status).toBe(200)
  })

  it('resets a password: old sessions and the old password stop working', async () => {
    const reviewer = await createStaff('reviewer')
    const res = await patchAccount(reviewer.id, { password: 'a brand new password' })
    expect(res.status).toBe(200)
    expect((await api('/staff/me', { token: reviewer.token })).status).toBe(401)
    await expect(staffLogin(reviewer.username, reviewer.password)).rejects.toThrow(/401/)
    await staffLogin(reviewer.username, 'a brand new password')
    const audit = await auditRows('staff.update', reviewer.id)
    expect(audit[0]?.details).not.toContain('brand new')
  })

  it('keeps an admin from demoting or disabling themselves', async () => {
    const before = await snapshotTables()
    for (const body of [{ role: 'reviewer' }, { disabled: true }]) {
      const res = await patchAccount(admin.id, body)
      expect(res.status).toBe(409)
      expect(errorOf(res).code).toBe('CONFLICT')
    }
    expect(await snapshotTables()).toEqual(before)
  })

  it('answers unknown accounts with 404 and bad patches with 400, storing nothing', async () => {
    const before = await snapshotTables()
    const unknown = await patchAccount('no-such-staff', { role: 'admin' })
    expect(unknown.status).toBe(404)
    expect(errorOf(unknown).code).toBe('NOT_FOUND')
    for (const body of [
      {},
      { role: 'root' },
      { disabled: 'yes' },
      { password: 'short' },
      { username: 'rename' },
    ]) {
      const res = await patchAccount(admin.id, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect(await snapshotTables()).toEqual(before)
  })
})
