// Test helper: staff accounts made straight in D1, then signed in through the real route.
import { randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { hashPassword } from '../../src/crypto/password.ts'

export interface TestStaff {
  id: string
  username: string
  password: string
  /** `ss_...` session token. */
  token: string
  /** `{ authorization: 'Bearer ss_...' }` */
  auth: { authorization: string }
}

export interface CreateStaffOptions {
  username?: string
  password?: string
  displayName?: string
}

/** Inserts an active staff account with the role and signs it in. */
export async function createStaff(
  role: 'reviewer' | 'admin',
  options: CreateStaffOptions = {},
): Promise<TestStaff> {
  const id = randomId(16)
  const username =
    options.username ??
    `${role}-${randomId(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`
  const password = options.password ?? `pw-${randomId(20)}`
  const now = Math.floor(Date.now() / 1000)
  await env.DB.prepare(
    `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      username,
      options.displayName ?? `Test ${role}`,
      role,
      await hashPassword(password),
      now,
      now,
    )
    .run()

  const token = await staffLogin(username, password)
  return { id, username, password, token, auth: { authorization: `Bearer ${token}` } }
}

/** Signs in through POST /staff/login and answers the session token; throws on refusal. */
export async function staffLogin(username: string, password: string): Promise<string> {
  const res = await exports.default.fetch('http://gg.test/staff/login', {
    method: 'POST',
    // A fresh address per sign-in keeps the per-address login limit out of unrelated tests.
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomAddress() },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token: string }
  return body.token
}

function randomAddress(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3))
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`
}
