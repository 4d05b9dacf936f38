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

  // A code issued in the very second of a revocation would be dead on arrival
  // (revocation kills codes issued at or before it): start one second later.
  const iat = Math.max(request.now, holder.revokedThrough + 1)
  const exp = Math.min(iat + request.ttlSeconds, validUntil)
  if (exp <= iat) {
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
    issuedAt: iat,
    expiresAt: exp,
    refreshAfter:
      request.kind === 'printed' ? exp : exp - Math.min(30, Math.floor((exp - iat) / 4)),
  }
  return { answer, claims }
}

/** At most 3 characters (first, star, last), whatever mask the person record holds. */
function shortMask(masked: string): string {
  const chars = [...masked]
  if (chars.length <= 3) return masked
  return `${chars[0] ?? ''}*${chars[chars.length - 1] ?? ''}`
}
