// Test helper for the security suite: one small district with every kind of caller (live,
// ended and disabled), and a valid request for every route, to attack one piece at a time.
import { randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { sha256 } from '../../src/crypto/digest.ts'
import { newToken } from '../../src/crypto/tokens.ts'
import {
  addPerson,
  api,
  declaration,
  personDetails,
  randomPhone,
  signInResident,
  submitApplication,
  type SignedInResident,
} from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { approvedPerson, checkpointWithGate, type Gate } from '../staff/fixtures.ts'

export interface World {
  admin: TestStaff
  reviewer: TestStaff
  /** Owns `personId` (approved green) and `pendingPersonId` (one pending application). */
  owner: SignedInResident
  personId: string
  pendingPersonId: string
  applicationId: string
  /** Another account: must never see the owner's people. */
  stranger: SignedInResident
  gate: Gate
  deviceId: string
  /** Credentials that once worked and no longer do. */
  ended: {
    expiredResident: string
    loggedOutResident: string
    expiredStaff: string
    disabledStaff: string
    revokedDevice: string
  }
}

/** Builds the district through the API wherever a route exists for it. */
export async function buildWorld(): Promise<World> {
  const admin = await createStaff('admin')
  const reviewer = await createStaff('reviewer')
  const approved = await approvedPerson(reviewer)
  const owner = approved.resident
  const pending = await addPerson(owner.token)
  const application = await submitApplication(owner.token, pending.id)
  const stranger = await signInResident()
  const gate = await checkpointWithGate(admin)
  const device = await env.DB.prepare('SELECT id FROM devices WHERE checkpoint_id = ?')
    .bind(gate.checkpointId)
    .first<{ id: string }>()
  if (device === null) throw new Error('the gate has no device')

  return {
    admin,
    reviewer,
    owner,
    personId: approved.personId,
    pendingPersonId: pending.id,
    applicationId: application.id,
    stranger,
    gate,
    deviceId: device.id,
    ended: await endedCredentials(admin, gate.checkpointId),
  }
}

async function endedCredentials(admin: TestStaff, checkpointId: string): Promise<World['ended']> {
  const t = Math.floor(Date.now() / 1000)
  const expiredResident = newToken('rs')
  const expiredStaff = newToken('ss')
  const someone = await signInResident()
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO sessions (token_hash, kind, account_id, expires_at, created_at)
       VALUES (?, 'resident', ?, ?, ?)`,
    ).bind(await sha256(expiredResident), someone.accountId, t - 1, t - 3600),
    env.DB.prepare(
      `INSERT INTO sessions (token_hash, kind, staff_id, expires_at, created_at)
       VALUES (?, 'staff', ?, ?, ?)`,
    ).bind(await sha256(expiredStaff), admin.id, t - 1, t - 3600),
  ])

  const loggedOut = await signInResident()
  await api('/auth/logout', { method: 'POST', token: loggedOut.token })

  // Disabled straight in D1 with its session left in place: the account's state alone
  // must refuse it (the admin route also ends its sessions; tested in the staff area).
  const disabled = await createStaff('admin')
  await env.DB.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').bind(t, disabled.id).run()

  const revoked = await api<{ device: { id: string }; credential: string }>(
    `/admin/checkpoints/${checkpointId}/devices`,
    { token: admin.token, body: { name: 'Doomed lane' } },
  )
  await api(`/admin/devices/${revoked.body.device.id}/revoke`, {
    method: 'POST',
    token: admin.token,
  })

  return {
    expiredResident,
    loggedOutResident: loggedOut.token,
    expiredStaff,
    disabledStaff: disabled.token,
    revokedDevice: revoked.body.credential,
  }
}

/** One valid request for a route; `token` is the credential the route wants. */
export interface RouteCall {
  method: string
  /** The route's declared path, to match allRoutes. */
  route: string
  path: string
  token?: string
  body?: unknown
}

/** A valid request for every route of the Worker (some succeed only once). */
export function validCalls(w: World): RouteCall[] {
  const t = Math.floor(Date.now() / 1000)
  const resident = w.owner.token
  const admin = w.admin.token
  const reviewer = w.reviewer.token
  const device = w.gate.credential
  const call = (
    method: string,
    route: string,
    token?: string,
    body?: unknown,
    path: string = route,
  ): RouteCall => ({
    method,
    route,
    path,
    ...(token === undefined ? {} : { token }),
    ...(body === undefined ? {} : { body }),
  })
  const person = (suffix = '') => `/people/${w.personId}${suffix}`

  return [
    call('get', '/health'),
    call('post', '/auth/otp', undefined, { phone: randomPhone() }),
    call('post', '/auth/login', undefined, { phone: randomPhone(), code: '123456' }),
    call('post', '/auth/logout', resident),
    call('get', '/dev/sms-inbox', undefined, undefined, `/dev/sms-inbox?phone=${randomPhone()}`),
    call('get', '/me', resident),
    call('post', '/me/phone/otp', resident, { newPhone: randomPhone() }),
    call('post', '/me/phone', resident, { newPhone: randomPhone(), code: '123456' }),
    call('post', '/people', resident, personDetails()),
    call('get', '/people', resident),
    call('get', '/people/:personId', resident, undefined, person()),
    call('patch', '/people/:personId', resident, { address: '新地址' }, person()),
    call('get', '/people/:personId/history', resident, undefined, person('/history')),
    call(
      'post',
      '/people/:personId/applications',
      resident,
      { declaration: declaration() },
      `/people/${w.pendingPersonId}/applications`,
    ),
    call('get', '/people/:personId/applications', resident, undefined, person('/applications')),
    call(
      'get',
      '/people/:personId/applications/:applicationId',
      resident,
      undefined,
      `/people/${w.pendingPersonId}/applications/${w.applicationId}`,
    ),
    call('get', '/people/:personId/code', resident, undefined, person('/code')),
    call('post', '/people/:personId/printed-pass', resident, undefined, person('/printed-pass')),
    call('post', '/staff/login', undefined, { username: w.reviewer.username, password: 'x' }),
    call('post', '/staff/logout', reviewer),
    call('get', '/staff/me', reviewer),
    call('get', '/review/queue', reviewer),
    call(
      'post',
      '/review/applications/:applicationId/approve',
      reviewer,
      { colour: 'green', validDays: 7 },
      `/review/applications/${w.applicationId}/approve`,
    ),
    call(
      'post',
      '/review/applications/:applicationId/reject',
      reviewer,
      { reason: '请补充住址' },
      `/review/applications/${w.applicationId}/reject`,
    ),
    call('get', '/admin/staff', admin),
    call('post', '/admin/staff', admin, {
      username: `new-${randomId(6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`,
      displayName: 'New reviewer',
      role: 'reviewer',
      password: 'a-long-enough-password',
    }),
    call(
      'patch',
      '/admin/staff/:staffId',
      admin,
      { displayName: 'Renamed' },
      `/admin/staff/${w.reviewer.id}`,
    ),
    call('get', '/admin/checkpoints', admin),
    call('post', '/admin/checkpoints', admin, { name: 'North gate', address: '文一西路' }),
    call(
      'patch',
      '/admin/checkpoints/:checkpointId',
      admin,
      { name: 'South gate' },
      `/admin/checkpoints/${w.gate.checkpointId}`,
    ),
    call(
      'post',
      '/admin/checkpoints/:checkpointId/devices',
      admin,
      { name: 'Lane 9' },
      `/admin/checkpoints/${w.gate.checkpointId}/devices`,
    ),
    call('get', '/admin/devices', admin),
    call(
      'post',
      '/admin/devices/:deviceId/revoke',
      admin,
      undefined,
      `/admin/devices/${w.deviceId}/revoke`,
    ),
    call('post', '/admin/people/search', admin, { phone: w.owner.phone }),
    call('get', '/admin/people/:personId', admin, undefined, `/admin${person()}`),
    call(
      'post',
      '/admin/people/:personId/revoke',
      admin,
      { reason: 'fraud' },
      `/admin${person('/revoke')}`,
    ),
    call(
      'post',
      '/admin/codes/:jti/revoke',
      admin,
      { expiresAt: t + 300, reason: 'lost phone' },
      '/admin/codes/abcdefgh/revoke',
    ),
    call('post', '/admin/colour-changes/preview', admin, {
      checkpointId: w.gate.checkpointId,
      from: t - 3600,
      to: t,
      colour: 'yellow',
    }),
    call('post', '/admin/colour-changes', admin, {
      checkpointId: w.gate.checkpointId,
      from: t - 3600,
      to: t,
      colour: 'yellow',
      confirm: true,
      reason: 'contact tracing',
    }),
    call('get', '/admin/audit', admin),
    call('get', '/admin/stats', admin),
    call('get', '/.well-known/jwks.json'),
    call('get', '/admin/keys', admin),
    call('post', '/admin/keys/:kid/activate', admin, undefined, '/admin/keys/nokey/activate'),
    call('post', '/admin/keys/:kid/retire', admin, undefined, '/admin/keys/nokey/retire'),
    call('post', '/verify', device, { code: 'not a code' }),
    call('get', '/device/config', device),
    call('post', '/device/pass-events', device, {
      events: [{ id: randomId(12), lane: 0, at: Date.now(), decision: 'pass', reason: 'OK' }],
    }),
    call('post', '/device/heartbeat', device, {
      version: '1.0.0',
      clock: Date.now(),
      feedSeq: 0,
      cacheAgeSeconds: 1,
      outboxDepth: 0,
      relays: [],
      fireAlarm: false,
      alarms: [],
    }),
    call('get', '/device/feed', device),
    call('get', '/device/feed/snapshot', device),
    call('get', '/device/feed/live', device),
    call('get', '/openapi.json'),
    call('get', '/docs'),
  ]
}
