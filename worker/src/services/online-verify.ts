// Online verification for handhelds and gates without a cache: the shared verifier over
// keys, revocations and the checkpoint's policy as D1 holds them right now.
import {
  GreenGateError,
  checkpointPolicySchema,
  codeFromScannedText,
  parseCode,
  verifyCode,
  type Decision,
  type RevocationView,
  type VerifyRequest,
  type VerifyResult,
} from '@greengate/shared'
import { eq, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { verifyEs256 } from '../crypto/public-keys.ts'
import { keyringOf } from '../crypto/signing-keyring.ts'
import { primary } from '../db/client.ts'
import { checkpoints, signingKeys } from '../db/schema.ts'
import type { DevicePrincipal } from '../http/app-env.ts'
import { needsSync, syncSigningKeys } from './signing-keys.ts'
import { trustedIssuers } from './trusted-issuers.ts'

/** Clock difference tolerated between the edge and whoever issued the code, in seconds. */
export const CLOCK_SKEW_SECONDS = 15

export async function verifyOnline(
  env: Env,
  config: Config,
  device: DevicePrincipal,
  request: VerifyRequest,
): Promise<VerifyResult> {
  if (request.checkpointId !== undefined && request.checkpointId !== device.checkpointId) {
    throw new GreenGateError('FORBIDDEN', 'A device verifies codes for its own checkpoint only')
  }
  const token = codeFromScannedText(request.code)
  if (token === null) return { decision: 'refuse', reason: 'CODE_MALFORMED' }
  // What cannot be a code is refused before any database work.
  const parsed = parseCode(token)
  if (!parsed.ok) return { decision: 'refuse', reason: parsed.reason }
  const { sub, jti } = parsed.code.claims

  // Revocations must be current, so this reads the primary: a replica a second behind
  // could pass a code an admin has just withdrawn. Two statements, one round trip.
  const db = primary(env)
  const personRevokedThrough = sql<number | null>`(SELECT revoked_through FROM people
    WHERE subject = ${sub})`.as('person_rt')
  const feedRevokedThrough = sql<number | null>`(SELECT MAX(revoked_through) FROM feed_entries
    WHERE subject = ${sub})`.as('feed_rt')
  const codeRevoked = sql<number>`EXISTS (SELECT 1 FROM feed_entries
    WHERE jti = ${jti} AND kind = 'code_revoked')`.as('jti_revoked')
  const [keyRows, [state]] = await db.batch([
    db.select().from(signingKeys),
    db
      .select({ policy: checkpoints.policy, personRevokedThrough, feedRevokedThrough, codeRevoked })
      .from(checkpoints)
      .where(eq(checkpoints.id, device.checkpointId)),
  ])
  if (state === undefined) {
    throw new GreenGateError('NOT_FOUND', "The device's checkpoint no longer exists")
  }

  const now = Date.now() / 1000
  const keyring = await keyringOf(config.signingKeys)
  // Codes signed before the key table was first synced use a key it does not list yet.
  const rows = needsSync(keyRows, keyring)
    ? await syncSigningKeys(db, keyring, Math.floor(now))
    : keyRows
  const policy = checkpointPolicySchema.parse(JSON.parse(state.policy))

  const subjectRevokedThrough = Math.max(
    state.personRevokedThrough ?? 0,
    state.feedRevokedThrough ?? 0,
  )
  const revocations: RevocationView = {
    revokedThrough: (subject) => (subject === sub ? subjectRevokedThrough : 0),
    isCodeRevoked: (id) => id === jti && Boolean(state.codeRevoked),
  }
  const decision = await verifyCode(
    token,
    {
      issuers: trustedIssuers(config.issuer, rows, env.TRUSTED_ISSUERS),
      revocations,
      now,
      skewSeconds: CLOCK_SKEW_SECONDS,
      policy,
    },
    verifyEs256,
  )
  return resultOf(decision, policy.staffed)
}

function resultOf(decision: Decision, staffed: boolean): VerifyResult {
  const result: VerifyResult = decision.ok
    ? { decision: 'pass', reason: 'OK' }
    : { decision: 'refuse', reason: decision.reason }
  // Claims are only present once the signature held, so nothing here is a forger's text.
  if (decision.claims !== undefined) {
    if (decision.kind !== undefined) result.kind = decision.kind
    if (decision.colour !== undefined) result.colour = decision.colour
    result.expiresAt = decision.claims.exp
    if (staffed && decision.claims.nm !== undefined) result.nameMasked = decision.claims.nm
  }
  return result
}
