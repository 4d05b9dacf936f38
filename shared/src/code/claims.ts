// The code's wire format: a compact JWS whose header and claims are pinned here.
import { z } from 'zod'

/** The one signature algorithm codes use (ECDSA P-256 with SHA-256). */
export const CODE_ALG = 'ES256'

/** Header `typ` of a code shown on a phone (lives minutes). */
export const PHONE_CODE_TYPE = 'ggc'
/** Header `typ` of a printed pass (lives days; a checkpoint may refuse them). */
export const PRINTED_PASS_TYPE = 'ggp'

/**
 * The longest any issuer's phone code may live (`exp - iat`): the ceiling of our own code TTL.
 * Neighbours' revocations never reach us, so their codes get no more than ours could.
 */
export const MAX_PHONE_CODE_LIFETIME_SECONDS = 3600
/** The longest any issuer's printed pass may live: the ceiling of our own pass lifetime. */
export const MAX_PRINTED_PASS_LIFETIME_SECONDS = 90 * 86_400

/** No code we issue comes close; anything longer is refused unread. */
export const MAX_CODE_LENGTH = 512

const base64urlId = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/)

export const codeHeaderSchema = z.strictObject({
  alg: z.literal(CODE_ALG),
  kid: base64urlId(1, 16),
  typ: z.enum([PHONE_CODE_TYPE, PRINTED_PASS_TYPE]),
})
export type CodeHeader = z.infer<typeof codeHeaderSchema>

/**
 * Claims: issuer, pseudonymous subject (random, never derived from personal
 * data), colour letter, masked name for the identity check, issued-at and
 * expiry (Unix seconds) and a unique id.
 */
export const codeClaimsSchema = z
  .strictObject({
    iss: z.string().min(1).max(32),
    sub: base64urlId(8, 32),
    col: z.enum(['g', 'y', 'r']),
    nm: z.string().min(1).max(8).optional(),
    iat: z.int().nonnegative(),
    exp: z.int().positive(),
    jti: base64urlId(6, 32),
  })
  .refine((c) => c.exp > c.iat, { message: 'exp must be after iat', path: ['exp'] })
export type CodeClaims = z.infer<typeof codeClaimsSchema>

export type CodeKind = 'phone' | 'printed'

export function codeKindOf(header: CodeHeader): CodeKind {
  return header.typ === PRINTED_PASS_TYPE ? 'printed' : 'phone'
}
