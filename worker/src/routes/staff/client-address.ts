// The caller's address as Cloudflare reports it, for per-address limits.
import type { Context } from 'hono'
import type { AppEnv } from '../../http/app-env.ts'

/** Cloudflare sets cf-connecting-ip on every request; locally it may be missing. */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}
