// Online verification for handhelds and gates without a cache: the shared verifier over
// keys, revocations and the checkpoint's policy as D1 holds them right now.
import {
  GreenGateError,
  checkpointPolicySchema,
  codeFromScannedText,
  parseCode,
  verifyCode,
  type Decision,
  type ParseResult,
  type RevocationView,
  type VerifyRequest,
  type VerifyResult,
} from '@greengate/shared'
import { eq, sql } from 'drizzle-orm'
import { deviceCredentialIs, unknownDeviceError } from '../auth/authenticate.ts'
import type { Config } from '../config.ts'
import { verifyEs256 } from '../crypto/public-keys.ts'
import { keyringOf } from '../crypto/signing-keyring.ts'
import { primary } from '../db/client.ts'
import { checkpoints, devices } from '../db/schema.ts'
import type { DevicePrincipal } from '../http/app-env.ts'
import { keyTableColumn, keyTableOf } from './key-table.ts'
import { needsSync, syncSigningKeys } from './signing-keys.ts'
import { ownKeysOf, trustedIssuers } from './trusted-issuers.ts'

/** Clock difference tolerated between the edge and whoever issued the code, in seconds. */
export const CLOCK_SKEW_SECONDS = 15

/** What one read of the primary says about a scan, the device that sent it included. */
export interface VerifyFacts {
  device: DevicePrincipal
  /** The code as scanned, and what it parses to (a refusal when it cannot be a code). */
  token: string
  parsed: ParseResult
  /** The checkpoint's policy as stored; null once the checkpoint no longer exists. */
  policy: string | null
  subjectRevokedThrough: number
  codeRevoked: boolean
  /** The signing-key table as `keyTableColumn` reads it. */
  keyTable: string
}

/**
 * One statement on the primary: the device holding `credentialHash` (a 401 if it is unknown
 * or revoked), its checkpoint's policy, the code's revocations and the key table.
 */
export async function readVerifyFacts(
  env: Env,
  credentialHash: string,
  scannedText: string,
): Promise<VerifyFacts> {
  const token = codeFromScannedText(scannedText)
  // What cannot be a code is refused without a revocation lookup, but only once the device
  // is known: a stranger learns nothing about the code.
  const parsed: ParseResult =
    token === null ? { ok: false, reason: 'CODE_MALFORMED' } : parseCode(token)
  const sub = parsed.ok ? parsed.code.claims.sub : null
  const jti = parsed.ok ? parsed.code.claims.jti : null

  // Revocations must be current, so this reads the primary: a replica a second behind
  // could pass a code an admin has just withdrawn. The credential check rides along, so the
  // request makes one round trip; the key table too, as it is tiny and parsed once per content.
  const row = await primary(env)
    .select({
      deviceId: devices.id,
      checkpointId: devices.checkpointId,
      policy: checkpoints.policy,
      personRevokedThrough: sql<number | null>`(SELECT revoked_through FROM people
        WHERE subject = ${sub})`.as('person_rt'),
      feedRevokedThrough: sql<number | null>`(SELECT MAX(revoked_through) FROM feed_entries
        WHERE subject = ${sub})`.as('feed_rt'),
      codeRevoked: sql<number>`EXISTS (SELECT 1 FROM feed_entries
        WHERE jti = ${jti} AND kind = 'code_revoked')`.as('jti_revoked'),
      keyTable: keyTableColumn.as('key_table'),
    })
    .from(devices)
    .leftJoin(checkpoints, eq(checkpoints.id, devices.checkpointId))
    .where(deviceCredentialIs(credentialHash))
    .get()
  if (row === undefined) throw unknownDeviceError()

  return {
    device: { deviceId: row.deviceId, checkpointId: row.checkpointId },
    token: token ?? '',
    parsed,
    policy: row.policy,
    subjectRevokedThrough: Math.max(row.personRevokedThrough ?? 0, row.feedRevokedThrough ?? 0),
    codeRevoked: Boolean(row.codeRevoked),
    keyTable: row.keyTable,
  }
}

/** The decision on a scan, from the facts `readVerifyFacts` read for its device. */
export async function verifyOnline(
  env: Env,
  config: Config,
  facts: VerifyFacts,
  request: VerifyRequest,
): Promise<VerifyResult> {
  if (request.checkpointId !== undefined && request.checkpointId !== facts.device.checkpointId) {
    throw new GreenGateError('FORBIDDEN', 'A device verifies codes for its own checkpoint only')
  }
  if (!facts.parsed.ok) return { decision: 'refuse', reason: facts.parsed.reason }
  if (facts.policy === null) {
    throw new GreenGateError('NOT_FOUND', "The device's checkpoint no longer exists")
  }
  const { sub, jti } = facts.parsed.code.claims

  const now = Date.now() / 1000
  const keyring = await keyringOf(config.signingKeys)
  const table = keyTableOf(facts.keyTable)
  // Codes signed before the key table was first synced use a key it does not list yet.
  const own = needsSync(table.rows, keyring)
    ? ownKeysOf(await syncSigningKeys(primary(env), keyring, Math.floor(now)))
    : table.own
  const policy = checkpointPolicySchema.parse(JSON.parse(facts.policy))

  const revocations: RevocationView = {
    revokedThrough: (subject) => (subject === sub ? facts.subjectRevokedThrough : 0),
    isCodeRevoked: (id) => id === jti && facts.codeRevoked,
  }
  const decision = await verifyCode(
    facts.token,
    {
      issuers: trustedIssuers(config.issuer, own, env.TRUSTED_ISSUERS),
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
