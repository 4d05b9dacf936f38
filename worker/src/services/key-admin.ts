// An admin's key actions: list, activate (rotate) and retire signing keys.
import { GreenGateError, type SigningKey } from '@greengate/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Keyring } from '../crypto/signing-keyring.ts'
import type { Database } from '../db/client.ts'
import { signingKeys } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { feedInsertIf } from './feed-writer.ts'
import { describeKeys, readKeyRows, syncSigningKeys, type SigningKeyRow } from './signing-keys.ts'

export interface KeyAction {
  db: Database
  keyring: Keyring
  staffId: string
  now: number
}

export async function listKeys(db: Database, keyring: Keyring, now: number): Promise<SigningKey[]> {
  return describeKeys(await syncSigningKeys(db, keyring, now), keyring)
}

/** Makes `kid` the signing key; the old one stays published so its codes still verify. */
export async function activateKey(action: KeyAction, kid: string): Promise<SigningKey[]> {
  const { db, keyring, staffId, now } = action
  const row = findRow(await syncSigningKeys(db, keyring, now), kid)
  if (row.state === 'retired') {
    throw new GreenGateError('KEY_STATE_INVALID', 'A retired key cannot sign again: add a new key')
  }
  if (!keyring.byKid.has(kid)) {
    throw new GreenGateError(
      'KEY_STATE_INVALID',
      'This key cannot sign: its private half is not in SIGNING_KEYS',
    )
  }
  if (row.state === 'active') return describeKeys(await readKeyRows(db), keyring)

  // One atomic batch, so there is never a moment with two active keys or none. Both
  // updates require the new key to be published still: if a retirement won a race, the
  // batch changes nothing and the old key keeps signing.
  const stillPublished = sql`EXISTS (SELECT 1 FROM signing_keys
    WHERE kid = ${kid} AND state = 'published')`
  const [, promoted] = await db.batch([
    db
      .update(signingKeys)
      .set({ state: 'published' })
      .where(and(eq(signingKeys.state, 'active'), stillPublished)),
    db
      .update(signingKeys)
      .set({ state: 'active', activatedAt: now })
      .where(and(eq(signingKeys.kid, kid), eq(signingKeys.state, 'published'))),
    auditInsert(db, {
      staffId,
      at: now,
      action: 'key.activate',
      targetType: 'signing_key',
      targetId: kid,
    }),
  ])
  if (changes(promoted) !== 1) {
    throw new GreenGateError('KEY_STATE_INVALID', 'The key changed state meanwhile: look again')
  }
  return describeKeys(await readKeyRows(db), keyring)
}

/** Retires a key that no longer signs: codes it signed are refused from now on. */
export async function retireKey(action: KeyAction, kid: string): Promise<SigningKey[]> {
  const { db, keyring, staffId, now } = action
  const row = findRow(await syncSigningKeys(db, keyring, now), kid)
  if (row.state === 'active') {
    throw new GreenGateError(
      'KEY_STATE_INVALID',
      'The active key cannot be retired: activate another key first',
    )
  }
  if (row.state === 'retired') {
    throw new GreenGateError('KEY_STATE_INVALID', 'The key is already retired')
  }

  const [retired] = await db.batch([
    db
      .update(signingKeys)
      .set({ state: 'retired', retiredAt: now })
      .where(and(eq(signingKeys.kid, kid), eq(signingKeys.state, 'published'))),
    // The feed entry only if this batch did retire it: gates must never hear that the
    // active key was retired because an activation won a race.
    feedInsertIf(
      db,
      now,
      { kind: 'key_retired', kid },
      sql`EXISTS (SELECT 1 FROM signing_keys
        WHERE kid = ${kid} AND state = 'retired' AND retired_at = ${now})`,
    ),
    auditInsert(db, {
      staffId,
      at: now,
      action: 'key.retire',
      targetType: 'signing_key',
      targetId: kid,
    }),
  ])
  if (changes(retired) !== 1) {
    throw new GreenGateError('KEY_STATE_INVALID', 'The key changed state meanwhile: look again')
  }
  return describeKeys(await readKeyRows(db), keyring)
}

function findRow(rows: readonly SigningKeyRow[], kid: string): SigningKeyRow {
  const row = rows.find((r) => r.kid === kid)
  if (row === undefined) throw new GreenGateError('KEY_NOT_FOUND', 'No signing key with this kid')
  return row
}

function changes(result: unknown): number {
  const meta = (result as { meta?: { changes?: number } } | undefined)?.meta
  return meta?.changes ?? 0
}
