// Test helper: every stored row that a refused staff request must leave untouched.
import { env } from 'cloudflare:test'

const TABLES = [
  'staff',
  'sessions',
  'accounts',
  'people',
  'applications',
  'status_events',
  'audit_log',
  'checkpoints',
  'devices',
  'feed_entries',
  'pass_events',
] as const

/** All rows of the tables above, as one comparable value. */
export async function snapshotTables(): Promise<Record<string, unknown[]>> {
  const results = await env.DB.batch(
    TABLES.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`)),
  )
  return Object.fromEntries(TABLES.map((table, i) => [table, results[i]?.results ?? []]))
}
