// The one verification function the Worker and the gate both call.
import type { Colour } from '../colour.ts'
import { colourFromLetter } from '../colour.ts'
import {
  codeKindOf,
  MAX_PHONE_CODE_LIFETIME_SECONDS,
  MAX_PRINTED_PASS_LIFETIME_SECONDS,
  type CodeClaims,
  type CodeKind,
} from './claims.ts'
import { parseCode, type ParsedCode } from './parse.ts'
import type { CheckpointPolicy } from './policy.ts'
import type { RefusalReason } from './reasons.ts'

const MAX_LIFETIME_SECONDS: Readonly<Record<CodeKind, number>> = {
  phone: MAX_PHONE_CODE_LIFETIME_SECONDS,
  printed: MAX_PRINTED_PASS_LIFETIME_SECONDS,
}

/** An issuer whose codes we accept, with its keys by `kid`. */
export interface TrustedIssuer<K> {
  iss: string
  keys: ReadonlyMap<string, K>
  /** Kids that once signed and were retired: refused with their own reason. */
  retiredKids: ReadonlySet<string>
}

/** What the verifier needs to know about revocations. */
export interface RevocationView {
  /** Codes of `subject` issued at or before this second (Unix s) are dead; 0 if none. */
  revokedThrough(subject: string): number
  isCodeRevoked(jti: string): boolean
}

export interface VerifyContext<K> {
  issuers: ReadonlyMap<string, TrustedIssuer<K>>
  revocations: RevocationView
  /** Unix seconds, fractional allowed: the verifier's clock. */
  now: number
  /** Tolerated clock difference between issuer and verifier, in seconds. */
  skewSeconds: number
  policy: Pick<CheckpointPolicy, 'allowedColours' | 'acceptsPrinted'>
}

export type SyncSignatureCheck<K> = (
  key: K,
  signingInput: Uint8Array,
  signature: Uint8Array,
) => boolean
export type SignatureCheck<K> = (
  key: K,
  signingInput: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>

export type Decision =
  | { ok: true; claims: CodeClaims; kind: CodeKind; colour: Colour }
  | { ok: false; reason: RefusalReason; claims?: CodeClaims; kind?: CodeKind; colour?: Colour }

/** Verifies a code: shape, issuer, key, signature, time, revocation, policy. */
export async function verifyCode<K>(
  token: string,
  context: VerifyContext<K>,
  checkSignature: SignatureCheck<K>,
): Promise<Decision> {
  const located = locateKey(token, context)
  if (!located.ok) return located
  const signed = await checkSignature(
    located.key,
    located.code.signingInput,
    located.code.signature,
  )
  return judge(located.code, signed, context)
}

/** The same rules with a synchronous signature check (the gate's hot path). */
export function verifyCodeSync<K>(
  token: string,
  context: VerifyContext<K>,
  checkSignature: SyncSignatureCheck<K>,
): Decision {
  const located = locateKey(token, context)
  if (!located.ok) return located
  const signed = checkSignature(located.key, located.code.signingInput, located.code.signature)
  return judge(located.code, signed, context)
}

type Located<K> = { ok: true; code: ParsedCode; key: K } | { ok: false; reason: RefusalReason }

function locateKey<K>(token: string, context: VerifyContext<K>): Located<K> {
  const parsed = parseCode(token)
  if (!parsed.ok) return parsed

  const { header, claims } = parsed.code
  const issuer = context.issuers.get(claims.iss)
  if (issuer === undefined) return { ok: false, reason: 'CODE_WRONG_ISSUER' }
  const key = issuer.keys.get(header.kid)
  if (key === undefined) {
    return {
      ok: false,
      reason: issuer.retiredKids.has(header.kid) ? 'CODE_KEY_RETIRED' : 'CODE_UNKNOWN_KEY',
    }
  }
  return { ok: true, code: parsed.code, key }
}

function judge<K>(code: ParsedCode, signed: boolean, context: VerifyContext<K>): Decision {
  if (!signed) return { ok: false, reason: 'CODE_BAD_SIGNATURE' }

  const { claims } = code
  const kind = codeKindOf(code.header)
  const colour = colourFromLetter(claims.col)
  const refuse = (reason: RefusalReason): Decision => ({ ok: false, reason, claims, kind, colour })

  // Before time: a neighbour's revocations never reach us, so a lifetime longer than any code
  // of its kind may have is refused whatever the clock says, not trusted until it runs out.
  if (claims.exp - claims.iat > MAX_LIFETIME_SECONDS[kind]) return refuse('CODE_LIFETIME_TOO_LONG')

  // Time first: an expired code is "expired" even if it was also revoked,
  // which is the more useful thing to tell the person at the gate.
  if (claims.iat > context.now + context.skewSeconds) return refuse('CODE_NOT_YET_VALID')
  if (claims.exp <= context.now - context.skewSeconds) return refuse('CODE_EXPIRED')
  if (context.revocations.isCodeRevoked(claims.jti)) return refuse('CODE_REVOKED')
  if (claims.iat <= context.revocations.revokedThrough(claims.sub)) return refuse('CODE_REVOKED')
  if (!context.policy.allowedColours.includes(colour)) return refuse('CODE_COLOUR_NOT_ALLOWED')
  if (kind === 'printed' && !context.policy.acceptsPrinted)
    return refuse('CODE_PRINTED_NOT_ACCEPTED')

  return { ok: true, claims, kind, colour }
}
