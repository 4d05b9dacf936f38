// Which signing keys are published, which one signs and which are retired (the signing_keys
// table), kept in step with the private keys in the SIGNING_KEYS secret.
//
// Rules:
// - A key found in the secret but not in the table is added as 'published' on first use
//   (the JWKS, online verification, a printed pass, any admin key route).
// - Exactly one key is 'active' (signs). When none is, the first key of the secret that is
//   published becomes active. Until that first sync, codes are signed with the first key of
//   the secret, which is the same choice, so they verify once the JWKS is served.
// - Activating a key demotes the old one to 'published': codes it signed keep verifying.
// - Retiring needs a key that is not active; its codes are refused from then on, and gates
//   learn it from a key_retired feed entry.
import {
  GreenGateError,
  type Jwks,
  type PublicJwk,
  type SigningKey,
  publicJwkSchema,
} from '@greengate/shared'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Keyring, SigningKeyPair } from '../crypto/signing-keyring.ts'
import { primary, replica, type Database } from '../db/client.ts'
import { signingKeys } from '../db/schema.ts'

export type SigningKeyRow = typeof signingKeys.$inferSelect

export async function readKeyRows(db: Database): Promise<SigningKeyRow[]> {
  return db
    .select()
    .from(signingKeys)
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid))
    .all()
}

/** True when the table lacks a key of the secret or has no active key. */
export function needsSync(
  rows: readonly Pick<SigningKeyRow, 'kid' | 'state'>[],
  keyring: Keyring,
): boolean {
  const known = new Set(rows.map((row) => row.kid))
  return (
    keyring.keys.some((key) => !known.has(key.kid)) || !rows.some((row) => row.state === 'active')
  )
}

/** Adds the secret's new keys as published and makes sure one key is active; answers the rows. */
export async function syncSigningKeys(
  db: Database,
  keyring: Keyring,
  now: number,
): Promise<SigningKeyRow[]> {
  const rows = await readKeyRows(db)
  if (!needsSync(rows, keyring)) return rows

  const known = new Map(rows.map((row) => [row.kid, row]))
  const inserts = keyring.keys
    .filter((key) => !known.has(key.kid))
    .map((key) =>
      db
        .insert(signingKeys)
        .values({
          kid: key.kid,
          publicJwk: JSON.stringify(key.publicJwk),
          state: 'published',
          createdAt: now,
        })
        .onConflictDoNothing(),
    )
  const candidate = keyring.keys.find((key) => known.get(key.kid)?.state !== 'retired')
  const statements: BatchItem<'sqlite'>[] = [...inserts]
  if (candidate !== undefined) {
    // Guarded: if another isolate activated a key meanwhile, this changes nothing.
    statements.push(
      db
        .update(signingKeys)
        .set({ state: 'active', activatedAt: now })
        .where(
          and(
            eq(signingKeys.kid, candidate.kid),
            eq(signingKeys.state, 'published'),
            sql`NOT EXISTS (SELECT 1 FROM signing_keys WHERE state = 'active')`,
          ),
        ),
    )
  }
  const [first, ...rest] = statements
  if (first !== undefined) await db.batch([first, ...rest])
  return readKeyRows(db)
}

/**
 * The key that signs, given the active kid read from D1 (null before the first sync).
 * An active key whose private half left the secret is a deployment mistake: say so.
 */
export function signingKeyFor(keyring: Keyring, activeKid: string | null): SigningKeyPair {
  const key = activeKid === null ? keyring.keys[0] : keyring.byKid.get(activeKid)
  if (key === undefined) {
    throw new GreenGateError(
      'SIGNING_KEY_MISSING',
      'The active signing key is not in SIGNING_KEYS: put it back, or activate another key',
    )
  }
  return key
}

/** The published key set: active and published keys, and the kids of retired ones. */
export function jwksOf(rows: readonly SigningKeyRow[], issuer: string): Jwks {
  const keys: PublicJwk[] = []
  const retired: string[] = []
  for (const row of rows) {
    if (row.state === 'retired') retired.push(row.kid)
    else keys.push(publicJwkOf(row))
  }
  return { iss: issuer, keys, retired }
}

export function publicJwkOf(row: Pick<SigningKeyRow, 'publicJwk'>): PublicJwk {
  return publicJwkSchema.parse(JSON.parse(row.publicJwk))
}

/** Rows as an admin sees them. */
export function describeKeys(rows: readonly SigningKeyRow[], keyring: Keyring): SigningKey[] {
  return rows.map((row) => ({
    kid: row.kid,
    state: row.state,
    inSecret: keyring.byKid.has(row.kid),
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
  }))
}

/**
 * The JWKS as served: read through a replica, and synced on the primary only when the
 * secret holds a key the table does not list yet (once after a deploy that added one).
 */
export async function currentJwks(
  env: Env,
  issuer: string,
  keyring: Keyring,
  now: number,
): Promise<Jwks> {
  let rows = await readKeyRows(replica(env))
  if (needsSync(rows, keyring)) rows = await syncSigningKeys(primary(env), keyring, now)
  return jwksOf(rows, issuer)
}
