// Signing a code (phone code or printed pass) for an approved person, and the answer shape.
import {
  CODE_ALG,
  GreenGateError,
  PHONE_CODE_TYPE,
  PRINTED_PASS_TYPE,
  colourLetter,
  encodeCodeAsDigits,
  randomId,
  type CodeClaims,
  type CodeKind,
  type Colour,
  type IssuedCode,
} from '@greengate/shared'
import { CompactSign } from 'jose'
import type { SigningKeyPair } from '../crypto/signing-keyring.ts'

/** What the one read answers about the person a code is for. */
export interface CodeHolder {
  subject: string
  nameMasked: string
  status: 'draft' | 'pending' | 'approved' | 'rejected' | 'revoked'
  colour: Colour | null
  validUntil: number | null
  revokedThrough: number
}

export interface CodeRequest {
  kind: CodeKind
  issuer: string
  key: SigningKeyPair
  now: number
  /** How long the code may live, in seconds; it never outlives the approval. */
  ttlSeconds: number
  /**
   * How far behind the primary the holder's row may be, in seconds: 0 when it was read on
   * the primary. The code's `iat` is set back by this much (see signCodeFor).
   */
  staleReadSeconds: number
}

export interface SignedCode {
  answer: IssuedCode
  claims: CodeClaims
}

/** Refuses, each with its own code, anyone who may not hold a code now. */
export function assertMayHoldCode(
  holder: CodeHolder,
  now: number,
): { colour: Colour; validUntil: number } {
  if (holder.status === 'revoked') {
    throw new GreenGateError('PERSON_REVOKED', "This person's code has been withdrawn")
  }
  if (holder.status !== 'approved' || holder.colour === null || holder.validUntil === null) {
    throw new GreenGateError('NOT_APPROVED', 'This person has no approved application')
  }
  if (holder.validUntil <= now) {
    throw new GreenGateError(
      'APPROVAL_EXPIRED',
      'The approval has expired: submit an updated declaration',
    )
  }
  return { colour: holder.colour, validUntil: holder.validUntil }
}

export async function signCodeFor(holder: CodeHolder, request: CodeRequest): Promise<SignedCode> {
  const { colour, validUntil } = assertMayHoldCode(holder, request.now)

  // Gates and /verify refuse codes with iat at or before the subject's revokedThrough. A row
  // read from a replica may miss a revocation written up to staleReadSeconds ago, so the
  // code claims to be that much older than it is: any revocation the read could have missed
  // (written at now - staleReadSeconds or later) then kills it. A revocation the read did see
  // is in holder.revokedThrough, and the code starts just after it, so a person whose colour
  // just got stricter gets a code that passes at once (never one dated in the future beyond
  // a second, which gates would refuse as not yet valid).
  const iat = Math.max(request.now - request.staleReadSeconds, holder.revokedThrough + 1)
  const validFrom = Math.max(iat, request.now)
  const exp = Math.min(validFrom + request.ttlSeconds, validUntil)
  if (exp <= validFrom) {
    throw new GreenGateError('APPROVAL_EXPIRED', 'The approval ends too soon for a new code')
  }

  // Key order as in codeClaimsSchema: fixed, so every code has the same layout and length.
  const claims: CodeClaims = {
    iss: request.issuer,
    sub: holder.subject,
    col: colourLetter(colour),
    ...(holder.nameMasked === '' ? {} : { nm: shortMask(holder.nameMasked) }),
    iat,
    exp,
    jti: randomId(8),
  }
  const typ = request.kind === 'printed' ? PRINTED_PASS_TYPE : PHONE_CODE_TYPE
  const code = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: CODE_ALG, kid: request.key.kid, typ })
    .sign(request.key.privateKey)

  const answer: IssuedCode = {
    code,
    qrText: encodeCodeAsDigits(code),
    kind: request.kind,
    colour,
    nameMasked: claims.nm ?? '',
    // The signing instant, not the (set back) iat: the page judges expiry from it.
    issuedAt: validFrom,
    expiresAt: exp,
    refreshAfter:
      request.kind === 'printed' ? exp : exp - Math.min(30, Math.floor((exp - validFrom) / 4)),
  }
  return { answer, claims }
}

/** At most 3 characters (first, star, last), whatever mask the person record holds. */
function shortMask(masked: string): string {
  const chars = [...masked]
  if (chars.length <= 3) return masked
  return `${chars[0] ?? ''}*${chars[chars.length - 1] ?? ''}`
}
