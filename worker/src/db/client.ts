// Drizzle over D1: the primary for writes, a D1 session for reads a replica may serve.
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import * as schema from './schema.ts'

export type Database = DrizzleD1Database<typeof schema>

/** Reads and writes on the primary (read-your-writes). */
export function primary(env: Env): Database {
  return drizzle(env.DB, { schema })
}

/**
 * Reads that tolerate replica lag (a code fetch, the JWKS, feed pages): a D1
 * session that may be served by the nearest read replica.
 */
export function replica(env: Env): Database {
  const session = env.DB.withSession('first-unconstrained')
  // A D1 session offers the prepare/batch surface drizzle uses.
  return drizzle(session as unknown as D1Database, { schema })
}

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
