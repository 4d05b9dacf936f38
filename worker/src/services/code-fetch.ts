// The hottest path: a resident's page fetching the current code. Exactly one D1 read
// (session, person and active kid in one statement, on a replica) and no write.
import { GreenGateError, type IssuedCode } from '@greengate/shared'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { keyringOf } from '../crypto/signing-keyring.ts'
import { nowSeconds, replica } from '../db/client.ts'
import { people, sessions } from '../db/schema.ts'
import { signCodeFor } from './code-issuer.ts'
import { signingKeyFor } from './signing-keys.ts'

const activeKid = sql<string | null>`(SELECT kid FROM signing_keys WHERE state = 'active')`

export async function fetchCurrentCode(
  env: Env,
  config: Config,
  bearerHash: string,
  personId: string,
): Promise<IssuedCode> {
  const keyring = await keyringOf(config.signingKeys)
  const now = nowSeconds()

  const row = await replica(env)
    .select({
      personId: people.id,
      subject: people.subject,
      nameMasked: people.nameMasked,
      status: people.status,
      colour: people.colour,
      validUntil: people.validUntil,
      revokedThrough: people.revokedThrough,
      activeKid,
    })
    .from(sessions)
    // The person must belong to the session's account: anyone else's is "not found".
    .leftJoin(people, and(eq(people.id, personId), eq(people.accountId, sessions.accountId)))
    .where(
      and(
        eq(sessions.tokenHash, bearerHash),
        eq(sessions.kind, 'resident'),
        gt(sessions.expiresAt, now),
      ),
    )
    .get()

  if (row === undefined) {
    throw new GreenGateError('UNAUTHENTICATED', 'Your session has ended: sign in again')
  }
  const { personId: foundId, subject, nameMasked, status, colour, validUntil, revokedThrough } = row
  if (
    foundId === null ||
    subject === null ||
    nameMasked === null ||
    status === null ||
    revokedThrough === null
  ) {
    throw new GreenGateError('NOT_FOUND', 'No such person on this account')
  }

  const holder = { subject, nameMasked, status, colour, validUntil, revokedThrough }
  const key = signingKeyFor(keyring, row.activeKid)
  const signed = await signCodeFor(holder, {
    kind: 'phone',
    issuer: config.issuer,
    key,
    now,
    ttlSeconds: config.codeTtlSeconds,
  })
  return signed.answer
}
