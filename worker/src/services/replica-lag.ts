// How stale a replica read may be when it decides whether a code may be signed.

/**
 * The most a replica may lag behind the primary (plus the clock difference between two
 * Workers) for a revocation to still kill the codes signed from a row read before it.
 *
 * The read may come from a replica that has not seen a revocation yet (an admin's revoke,
 * a stricter colour, a rejection or a suspending update, each writing people.revoked_through
 * and a feed entry at the writer's clock). Gates and /verify refuse codes whose iat is at
 * or before that time, so the fetch dates every code this much earlier than it signs it
 * (code-issuer.ts): a revocation it could have missed then kills the code, exactly as if
 * the code had been fetched before it. Chosen over writing revocations this far into the
 * future, which gives the same guarantee but then makes the fresh codes of a person whose
 * colour just changed "not yet valid" at every gate for this long. The cost here: a phone
 * code's iat is this much before its signing (exp - iat = CODE_TTL_SECONDS + 30), which any
 * cap on a code's lifetime must allow for. D1 publishes no bound on replica lag, so 30 s is a
 * policy choice to revisit against measured lag; a replica further behind than this reopens
 * the window, for the excess only.
 */
export const REPLICA_LAG_ALLOWANCE_SECONDS = 30
