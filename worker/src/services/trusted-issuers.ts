// The issuers whose codes this district accepts: itself (keys from D1) and neighbouring
// districts named in the optional TRUSTED_ISSUERS variable.
//
// TRUSTED_ISSUERS is a JSON array of
//   { "iss": "330106", "jwks": { "keys": [...], "retired": [...] } },
// each `jwks` being what that district serves at /.well-known/jwks.json. Their revocations
// do not reach us: trust a neighbour only with short-lived codes.
import { jwksSchema, type PublicJwk, type TrustedIssuer } from '@greengate/shared'
import { z } from 'zod'
import { publicJwkOf, type SigningKeyRow } from './signing-keys.ts'

const neighboursSchema = z
  .array(
    z.strictObject({
      iss: z.string().min(1).max(32),
      jwks: z.object({ keys: jwksSchema.shape.keys, retired: jwksSchema.shape.retired }),
    }),
  )
  .max(64)

export type IssuerMap = ReadonlyMap<string, TrustedIssuer<PublicJwk>>

// Parsed once per variable value: a pure cache.
const parsedNeighbours = new Map<string, TrustedIssuer<PublicJwk>[]>()

/** Our own keys as a verifier needs them: published and active by kid, retired kids apart. */
export type OwnKeys = Omit<TrustedIssuer<PublicJwk>, 'iss'>

export function ownKeysOf(
  rows: readonly Pick<SigningKeyRow, 'kid' | 'state' | 'publicJwk'>[],
): OwnKeys {
  return {
    keys: new Map(
      rows.filter((row) => row.state !== 'retired').map((row) => [row.kid, publicJwkOf(row)]),
    ),
    retiredKids: new Set(rows.filter((row) => row.state === 'retired').map((row) => row.kid)),
  }
}

/** Our own issuer with its keys, plus the configured neighbours. */
export function trustedIssuers(ownIssuer: string, own: OwnKeys, neighbours?: string): IssuerMap {
  const issuers = new Map<string, TrustedIssuer<PublicJwk>>()
  for (const neighbour of neighbourIssuers(neighbours)) {
    if (neighbour.iss === ownIssuer) {
      throw new Error('TRUSTED_ISSUERS: a neighbour cannot use our own ISSUER')
    }
    issuers.set(neighbour.iss, neighbour)
  }
  issuers.set(ownIssuer, { iss: ownIssuer, ...own })
  return issuers
}

function neighbourIssuers(raw: string | undefined): readonly TrustedIssuer<PublicJwk>[] {
  if (raw === undefined || raw.trim() === '') return []
  const cached = parsedNeighbours.get(raw)
  if (cached !== undefined) return cached

  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new Error('TRUSTED_ISSUERS is not valid JSON')
  }
  const parsed = neighboursSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `TRUSTED_ISSUERS: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
    )
  }
  const issuers = parsed.data.map((entry) => ({
    iss: entry.iss,
    keys: new Map(entry.jwks.keys.map((key) => [key.kid, key])),
    retiredKids: new Set(entry.jwks.retired),
  }))
  parsedNeighbours.set(raw, issuers)
  return issuers
}
