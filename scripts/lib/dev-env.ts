// Local development secrets (.dev.vars) and the environment that keeps wrangler offline.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { generateSigningKey } from './signing-key.ts'

/** wrangler would otherwise try the network at start (metrics, update check, request.cf). */
export const OFFLINE_WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
} as const

/**
 * Writes .dev.vars with a fresh development signing key and data keys, once.
 * The file is git-ignored: development keys are never committed.
 */
export function ensureDevVars(path: string): 'created' | 'kept' {
  if (existsSync(path) && readFileSync(path, 'utf8').includes('SIGNING_KEYS=')) return 'kept'

  const lines = [
    '# Local development secrets, made by `npm start`. Never commit this file.',
    // A JSON value must be single-quoted in .dev.vars, or every request fails.
    `SIGNING_KEYS='${JSON.stringify([generateSigningKey()])}'`,
    `DATA_KEY=${randomBytes(32).toString('base64')}`,
    `LOOKUP_KEY=${randomBytes(32).toString('base64')}`,
    '',
  ]
  writeFileSync(path, lines.join('\n'), { mode: 0o600 })
  return 'created'
}
