// Printed passes for people without a phone: same format, typ 'ggp', lives days, and is
// recorded so that an admin can revoke it by its jti.
import { GreenGateError, type IssuedCode } from '@greengate/shared'
import { and, eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { keyringOf } from '../crypto/signing-keyring.ts'
import { nowSeconds, primary } from '../db/client.ts'
import { people, printedPasses } from '../db/schema.ts'
import { signCodeFor } from './code-issuer.ts'
import { signingKeyFor, syncSigningKeys } from './signing-keys.ts'

export async function issuePrintedPass(
  env: Env,
  config: Config,
  accountId: string,
  personId: string,
): Promise<IssuedCode> {
  const keyring = await keyringOf(config.signingKeys)
  const db = primary(env)
  const now = nowSeconds()

  const holder = await db
    .select({
      subject: people.subject,
      nameMasked: people.nameMasked,
      status: people.status,
      colour: people.colour,
      validUntil: people.validUntil,
      revokedThrough: people.revokedThrough,
    })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.accountId, accountId)))
    .get()
  if (holder === undefined) throw new GreenGateError('NOT_FOUND', 'No such person on this account')

  // A rare write path, so it may bring the key table up to date before signing.
  const rows = await syncSigningKeys(db, keyring, now)
  const key = signingKeyFor(keyring, rows.find((row) => row.state === 'active')?.kid ?? null)
  const { answer, claims } = await signCodeFor(holder, {
    kind: 'printed',
    issuer: config.issuer,
    key,
    now,
    ttlSeconds: config.printedPassTtlSeconds,
    // Read on the primary: it has seen every revocation.
    staleReadSeconds: 0,
  })

  await db
    .insert(printedPasses)
    .values({ jti: claims.jti, personId, issuedAt: claims.iat, expiresAt: claims.exp })
  return answer
}
