// The published key set: public ES256 keys by kid, as served at /.well-known/jwks.json.
import { z } from 'zod'

export const publicJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kid: z.string().min(1).max(16),
  alg: z.literal('ES256'),
  use: z.literal('sig').optional(),
})
export type PublicJwk = z.infer<typeof publicJwkSchema>

export const jwksSchema = z.object({
  keys: z.array(publicJwkSchema).max(32),
  /** GreenGate extension: kids that were retired, so verifiers name the reason. */
  retired: z.array(z.string().min(1).max(16)).max(256).default([]),
  /** GreenGate extension: the issuer these keys sign for. */
  iss: z.string().min(1).max(32),
})
export type Jwks = z.infer<typeof jwksSchema>
