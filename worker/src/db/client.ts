// Drizzle over D1: the primary for writes, a D1 session for reads a replica may serve.
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'

// Without drizzle's relational layer (`db.query`, which nothing uses): handing drizzle the
// schema makes it walk every table on each call here, ~37 µs of CPU a request (timed in Node).
export type Database = DrizzleD1Database

/** Reads and writes on the primary (read-your-writes). */
export function primary(env: Env): Database {
  return drizzle(env.DB)
}

/**
 * Reads that tolerate replica lag (a code fetch, the JWKS, feed pages): a D1
 * session that may be served by the nearest read replica.
 */
export function replica(env: Env): Database {
  const session = env.DB.withSession('first-unconstrained')
  // A D1 session offers the prepare/batch surface drizzle uses.
  return drizzle(session as unknown as D1Database)
}

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
