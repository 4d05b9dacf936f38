// Why a code was refused. Stable strings: gates show them, counters and tests switch on them.

export const REFUSAL_REASONS = [
  /** The text is not a GreenGate code at all (a URL, another scheme's QR). */
  'CODE_NOT_A_CODE',
  /** Looks like a compact JWS but a part does not decode or parse. */
  'CODE_MALFORMED',
  /** Longer than any code we issue: refused before any parsing work. */
  'CODE_TOO_LONG',
  /** Header names an algorithm other than the pinned one (incl. `none`, HS256). */
  'CODE_ALG_NOT_ALLOWED',
  /** Header `typ` is not a code's (a session token or other JWS). */
  'CODE_WRONG_TYPE',
  /** `iss` is not among the trusted issuers. */
  'CODE_WRONG_ISSUER',
  /** No key with this `kid` for the issuer. */
  'CODE_UNKNOWN_KEY',
  /** The key that signed it has been retired. */
  'CODE_KEY_RETIRED',
  'CODE_BAD_SIGNATURE',
  'CODE_EXPIRED',
  'CODE_NOT_YET_VALID',
  /** Signed to live longer (`exp - iat`) than any code of its kind may, whoever issued it. */
  'CODE_LIFETIME_TOO_LONG',
  /** The person, or this one code, was revoked after it was issued. */
  'CODE_REVOKED',
  /** Signed colour is not allowed at this checkpoint (yellow, red). */
  'CODE_COLOUR_NOT_ALLOWED',
  /** A printed pass at a checkpoint whose policy refuses them. */
  'CODE_PRINTED_NOT_ACCEPTED',
] as const

export type RefusalReason = (typeof REFUSAL_REASONS)[number]
