// Fixtures for the resident tests: a stored-data snapshot, and staff/device credentials
// written straight into D1 (their own routes belong to other areas).
import { env } from 'cloudflare:test'
import { sha256 } from '../../src/crypto/digest.ts'

/** Every table a resident route could write to, in a stable order. */
const TABLES = [
  'accounts',
  'otp_challenges',
  'rate_limits',
  'sessions',
  'people',
  'applications',
  'status_events',
  'feed_entries',
  'dev_sms_inbox',
] as const

/** All rows of those tables, for "nothing changed" assertions. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const table of TABLES) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
    out[table] = results
  }
  return out
}

export async function rows<T = Record<string, unknown>>(
  query: string,
  ...bind: unknown[]
): Promise<T[]> {
  const { results } = await env.DB.prepare(query)
    .bind(...bind)
    .all<T>()
  return results
}

/** A live staff session token (`ss_...`) for a reviewer. */
export async function staffToken(): Promise<string> {
  const id = `staff-${crypto.randomUUID()}`
  const token = `ss_${crypto.randomUUID().replaceAll('-', '')}`
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'R', 'reviewer', 'x', 0, 0)",
    ).bind(id, id),
    env.DB.prepare(
      "INSERT INTO sessions (token_hash, kind, staff_id, expires_at, created_at) VALUES (?, 'staff', ?, 4102444800, 0)",
    ).bind(await sha256(token), id),
  ])
  return token
}

/** A live gate device credential (`gd_...`). */
export async function deviceToken(): Promise<string> {
  const checkpoint = `cp-${crypto.randomUUID()}`
  const token = `gd_${crypto.randomUUID().replaceAll('-', '')}`
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO checkpoints (id, name, policy, created_at, updated_at) VALUES (?, 'C', '{}', 0, 0)",
    ).bind(checkpoint),
    env.DB.prepare(
      "INSERT INTO devices (id, checkpoint_id, name, credential_hash, created_at) VALUES (?, ?, 'D', ?, 0)",
    ).bind(`dev-${crypto.randomUUID()}`, checkpoint, await sha256(token)),
  ])
  return token
}
