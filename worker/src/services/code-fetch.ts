// The hottest path: a resident's page fetching the current code. Exactly one D1 read
// (session, person and active kid in one statement, on a replica) and no write; only a
// missing session is asked of the primary too, before its 401.
import { GreenGateError, type Colour, type IssuedCode } from '@greengate/shared'
import type { Config } from '../config.ts'
import { keyringOf, type Keyring } from '../crypto/signing-keyring.ts'
import { nowSeconds } from '../db/client.ts'
import { signCodeFor, type CodeHolder } from './code-issuer.ts'
import { REPLICA_LAG_ALLOWANCE_SECONDS } from './replica-lag.ts'
import { signingKeyFor } from './signing-keys.ts'

/** The one read's answer: a live resident session, and its account's person if it owns one. */
interface FetchRow {
  personId: string | null
  subject: string | null
  nameMasked: string | null
  status: CodeHolder['status'] | null
  colour: Colour | null
  validUntil: number | null
  revokedThrough: number | null
  activeKid: string | null
}

// The one read as fixed SQL text, bound straight on a D1 session: building it with drizzle's
// query builder, and wrapping the session in a drizzle database, took ~0.15 ms of CPU a
// request (timed in Node), about a tenth of this route's own work. The person must belong
// to the session's account: anyone else's is "not found".
const FETCH_SQL = `SELECT people.id AS personId, people.subject AS subject,
  people.name_masked AS nameMasked, people.status AS status, people.colour AS colour,
  people.valid_until AS validUntil, people.revoked_through AS revokedThrough,
  (SELECT kid FROM signing_keys WHERE state = 'active') AS activeKid
FROM sessions LEFT JOIN people ON people.id = ?1 AND people.account_id = sessions.account_id
WHERE sessions.token_hash = ?2 AND sessions.kind = 'resident' AND sessions.expires_at > ?3`

export async function fetchCurrentCode(
  env: Env,
  config: Config,
  bearerHash: string,
  personId: string,
): Promise<IssuedCode> {
  const keyring = await keyringOf(config.signingKeys)
  const now = nowSeconds()

  const read = (db: D1Database | D1DatabaseSession) =>
    db.prepare(FETCH_SQL).bind(personId, bearerHash, now).first<FetchRow>()
  // A session any read replica may serve: see replica-lag.ts for why that is safe. A replica
  // that has not yet seen a sign-in finds no session; the primary is asked once before the
  // 401, so a resident's first fetch right after signing in is not turned away. Only the
  // refusal path pays that second read, and resident routes read sessions on the primary
  // anyway, so it opens nothing new to a caller with a wrong token.
  const row = (await read(env.DB.withSession('first-unconstrained'))) ?? (await read(env.DB))

  if (row === null) {
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
  return signPhoneCode(config, keyring, holder, row.activeKid, now)
}

/** Signs the phone code for `holder` as the fetch's one read answered it. */
export async function signPhoneCode(
  config: Config,
  keyring: Keyring,
  holder: CodeHolder,
  activeKid: string | null,
  now: number,
): Promise<IssuedCode> {
  const signed = await signCodeFor(holder, {
    kind: 'phone',
    issuer: config.issuer,
    key: signingKeyFor(keyring, activeKid),
    now,
    ttlSeconds: config.codeTtlSeconds,
    staleReadSeconds: REPLICA_LAG_ALLOWANCE_SECONDS,
  })
  return signed.answer
}
