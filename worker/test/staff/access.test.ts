import { beforeAll, describe, expect, it } from 'vitest'
import { api, errorOf, signInResident } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'

// Every admin route, with a body that would be valid for an admin.
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/admin/staff'],
  [
    'POST',
    '/admin/staff',
    { username: 'newbie', displayName: 'N', role: 'admin', password: 'long-enough-pw' },
  ],
  ['PATCH', '/admin/staff/someone', { role: 'admin' }],
  ['GET', '/admin/checkpoints'],
  ['POST', '/admin/checkpoints', { name: 'Gate' }],
  ['PATCH', '/admin/checkpoints/cp1', { name: 'Gate' }],
  ['POST', '/admin/checkpoints/cp1/devices', { name: 'Lane 1' }],
  ['GET', '/admin/devices'],
  ['POST', '/admin/devices/dev1/revoke'],
  ['POST', '/admin/people/search', { phone: '13900000000' }],
  ['GET', '/admin/people/p1'],
  ['POST', '/admin/people/p1/revoke', { reason: 'fraud' }],
  ['POST', '/admin/codes/abcdefgh/revoke', { expiresAt: 4_000_000_000, reason: 'lost' }],
  [
    'POST',
    '/admin/colour-changes/preview',
    { checkpointId: 'cp1', from: 0, to: 10, colour: 'yellow' },
  ],
  [
    'POST',
    '/admin/colour-changes',
    { checkpointId: 'cp1', from: 0, to: 10, colour: 'yellow', confirm: true, reason: 'x' },
  ],
  ['GET', '/admin/audit'],
  ['GET', '/admin/stats'],
]

let admin: TestStaff
let reviewer: TestStaff
let residentToken: string
let deviceCredential: string

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
  residentToken = (await signInResident()).token
  const checkpoint = await api<{ checkpoint: { id: string } }>('/admin/checkpoints', {
    token: admin.token,
    body: { name: 'Access test gate' },
  })
  const device = await api<{ credential: string }>(
    `/admin/checkpoints/${checkpoint.body.checkpoint.id}/devices`,
    {
      token: admin.token,
      body: { name: 'Lane 1' },
    },
  )
  deviceCredential = device.body.credential
})

function call(method: string, path: string, body: unknown, token: string | undefined) {
  return api(path, {
    method,
    ...(body === undefined ? {} : { body }),
    ...(token === undefined ? {} : { token }),
  })
}

describe('admin routes', () => {
  it('refuse a reviewer with 403 FORBIDDEN and store nothing', async () => {
    const before = await snapshotTables()
    for (const [method, path, body] of ADMIN_ROUTES) {
      const res = await call(method, path, body, reviewer.token)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(errorOf(res).code).toBe('FORBIDDEN')
    }
    expect(await snapshotTables()).toEqual(before)
  })

  it('refuse resident, device, ended and missing credentials with 401', async () => {
    const ended = await createStaff('admin')
    await api('/staff/logout', { method: 'POST', token: ended.token })
    const before = await snapshotTables()
    for (const token of [residentToken, deviceCredential, ended.token, undefined]) {
      for (const [method, path, body] of ADMIN_ROUTES) {
        const res = await call(method, path, body, token)
        expect(res.status, `${method} ${path}`).toBe(401)
        expect(errorOf(res).code).toBe('UNAUTHENTICATED')
      }
    }
    expect(await snapshotTables()).toEqual(before)
  })

  it('refuse a staff session on resident routes', async () => {
    for (const path of ['/people', '/me']) {
      const res = await api(path, { token: admin.token })
      expect(res.status, path).toBe(401)
    }
  })
})

describe('review routes', () => {
  it('refuse resident sessions and device credentials with 401', async () => {
    for (const token of [residentToken, deviceCredential]) {
      for (const [method, path] of [
        ['GET', '/review/queue'],
        ['POST', '/review/applications/a1/approve'],
        ['POST', '/review/applications/a1/reject'],
        ['GET', '/staff/me'],
        ['POST', '/staff/logout'],
      ] as const) {
        const res = await call(method, path, method === 'POST' ? { reason: 'x' } : undefined, token)
        expect(res.status, `${method} ${path}`).toBe(401)
        expect(errorOf(res).code).toBe('UNAUTHENTICATED')
      }
    }
  })
})
