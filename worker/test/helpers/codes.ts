// Test helpers for codes, keys and devices: people, checkpoints and devices made straight
// in D1 (so these tests do not depend on the approval flow), codes signed with arbitrary
// claims, and calls to the Worker with a modified environment.
import { randomId, type CheckpointPolicy } from '@greengate/shared'
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { CompactSign, importJWK } from 'jose'
import { createApp } from '../../src/app.ts'
import { sha256 } from '../../src/crypto/digest.ts'
import { newToken } from '../../src/crypto/tokens.ts'
import { api, type ApiResult } from './resident.ts'

export const now = (): number => Math.floor(Date.now() / 1000)

export interface PrivateJwk {
  kty: string
  crv: string
  x: string
  y: string
  d: string
  kid: string
}

/** The signing keys the test Worker was started with (vitest.config.ts). */
export function testSigningKeys(): PrivateJwk[] {
  return JSON.parse(env.SIGNING_KEYS) as PrivateJwk[]
}

export function testSigningKey(): PrivateJwk {
  const key = testSigningKeys()[0]
  if (key === undefined) throw new Error('the test Worker has no signing key')
  return key
}

/** A fresh ES256 private JWK with a kid, like scripts/generate-signing-key.ts makes. */
export async function newSigningKey(kid = randomId(4)): Promise<PrivateJwk> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey
  return { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y), d: String(jwk.d), kid }
}

export interface SignOptions {
  header?: Record<string, unknown>
  claims?: Record<string, unknown>
  key?: PrivateJwk
}

/** A code with any header and claims, signed with the test key unless told. */
export async function signTestCode(options: SignOptions = {}): Promise<string> {
  const key = options.key ?? testSigningKey()
  const t = now()
  const claims = {
    iss: '330110',
    sub: randomId(11),
    col: 'g',
    nm: '张*明',
    iat: t,
    exp: t + 180,
    jti: randomId(8),
    ...options.claims,
  }
  const header = { alg: 'ES256', kid: key.kid, typ: 'ggc', ...options.header }
  const privateKey = await importJWK(
    { kty: key.kty, crv: key.crv, x: key.x, y: key.y, d: key.d },
    'ES256',
  )
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(header as { alg: string })
    .sign(privateKey)
}

export interface SeededResident {
  accountId: string
  /** `rs_...` */
  token: string
}

/** An account with a live session, made in D1. */
export async function seedResident(): Promise<SeededResident> {
  const accountId = randomId(16)
  const token = newToken('rs')
  const t = now()
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO accounts (id, phone_hash, phone_enc, phone_masked, created_at, updated_at)
       VALUES (?, ?, 'sealed', '139****0000', ?, ?)`,
    ).bind(accountId, randomId(43), t, t),
    env.DB.prepare(
      `INSERT INTO sessions (token_hash, kind, account_id, expires_at, created_at) VALUES (?, 'resident', ?, ?, ?)`,
    ).bind(await sha256(token), accountId, t + 3600, t),
  ])
  return { accountId, token }
}

export interface PersonOptions {
  status?: 'draft' | 'pending' | 'approved' | 'rejected' | 'revoked'
  colour?: 'green' | 'yellow' | 'red' | null
  validUntil?: number | null
  revokedThrough?: number
  nameMasked?: string
}

export interface SeededPerson {
  personId: string
  subject: string
}

/** A person on `accountId`, approved green for 30 days unless told otherwise. */
export async function seedPerson(
  accountId: string,
  options: PersonOptions = {},
): Promise<SeededPerson> {
  const personId = randomId(16)
  const subject = randomId(11)
  const t = now()
  const status = options.status ?? 'approved'
  const colour =
    options.colour === undefined ? (status === 'approved' ? 'green' : null) : options.colour
  const validUntil =
    options.validUntil === undefined
      ? status === 'approved'
        ? t + 30 * 86_400
        : null
      : options.validUntil
  await env.DB.prepare(
    `INSERT INTO people (id, account_id, subject, relationship, name, name_masked, doc_type, doc_hash, doc_enc,
       doc_masked, status, colour, valid_until, revoked_through, created_at, updated_at)
     VALUES (?, ?, ?, 'self', '张三明', ?, 'id_card', ?, 'sealed', '3301**********1234', ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      personId,
      accountId,
      subject,
      options.nameMasked ?? '张*明',
      randomId(43),
      status,
      colour,
      validUntil,
      options.revokedThrough ?? 0,
      t,
      t,
    )
    .run()
  return { personId, subject }
}

/** A checkpoint with the policy given (the shared defaults otherwise). */
export async function seedCheckpoint(policy: Partial<CheckpointPolicy> = {}): Promise<string> {
  const id = randomId(12)
  const full: CheckpointPolicy = {
    allowedColours: ['green'],
    acceptsPrinted: true,
    staffed: false,
    antiPassbackSeconds: 30,
    ...policy,
  }
  const t = now()
  await env.DB.prepare(
    `INSERT INTO checkpoints (id, name, address, policy, created_at, updated_at) VALUES (?, ?, '', ?, ?, ?)`,
  )
    .bind(id, `Checkpoint ${id}`, JSON.stringify(full), t, t)
    .run()
  return id
}

export interface SeededDevice {
  deviceId: string
  /** `gd_...` */
  credential: string
  checkpointId: string
}

/** A gate device of `checkpointId`, enrolled straight in D1. */
export async function seedDevice(checkpointId: string): Promise<SeededDevice> {
  const deviceId = randomId(12)
  const credential = newToken('gd')
  await env.DB.prepare(
    `INSERT INTO devices (id, checkpoint_id, name, credential_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
  )
    .bind(deviceId, checkpointId, `Gate ${deviceId}`, await sha256(credential), now())
    .run()
  return { deviceId, credential, checkpointId }
}

/** A checkpoint with one device on it. */
export async function seedGate(policy: Partial<CheckpointPolicy> = {}): Promise<SeededDevice> {
  return seedDevice(await seedCheckpoint(policy))
}

/** Enrols a device through the admin route and answers its credential. */
export async function enrolDevice(adminToken: string, checkpointId: string): Promise<SeededDevice> {
  const res = await api<{ device: { id: string }; credential: string }>(
    `/admin/checkpoints/${checkpointId}/devices`,
    {
      token: adminToken,
      body: { name: `Gate ${randomId(4)}` },
    },
  )
  if (res.status !== 201)
    throw new Error(`enrolling a device failed: ${res.status} ${JSON.stringify(res.body)}`)
  return { deviceId: res.body.device.id, credential: res.body.credential, checkpointId }
}

export interface VerifyAnswer {
  decision: 'pass' | 'refuse'
  reason: string
  kind?: 'phone' | 'printed'
  colour?: string
  nameMasked?: string
  expiresAt?: number
}

/** POST /verify as `device`. */
export async function verifyAt(
  device: SeededDevice,
  code: string,
): Promise<ApiResult<VerifyAnswer>> {
  return api<VerifyAnswer>('/verify', { token: device.credential, body: { code } })
}

/** Calls a fresh app with `env` changed (more keys, neighbours), waiting for background work. */
export async function fetchWithEnv(
  overrides: Partial<Env>,
  path: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
): Promise<ApiResult<unknown>> {
  const headers = new Headers(init.headers)
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`)
  const requestInit: RequestInit = { ...init, headers }
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    requestInit.body = JSON.stringify(init.json)
    requestInit.method ??= 'POST'
  }
  const ctx = createExecutionContext()
  const res = await createApp().fetch(
    new Request(`http://gg.test${path}`, requestInit),
    { ...env, ...overrides },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? null : (JSON.parse(text) as unknown),
  }
}

/** The claims of a compact JWS, unverified (for assertions). */
export function claimsOf(code: string): Record<string, unknown> {
  return partOf(code, 1)
}

export function headerOf(code: string): Record<string, unknown> {
  return partOf(code, 0)
}

function partOf(code: string, index: number): Record<string, unknown> {
  const part = code.split('.')[index] ?? ''
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
}
