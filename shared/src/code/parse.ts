// Step one of verification: split, decode and check the shape of a compact JWS code.
import { decodeBase64url } from '../base64url.ts'
import {
  CODE_ALG,
  MAX_CODE_LENGTH,
  codeClaimsSchema,
  codeHeaderSchema,
  type CodeClaims,
  type CodeHeader,
} from './claims.ts'
import type { RefusalReason } from './reasons.ts'

export interface ParsedCode {
  header: CodeHeader
  claims: CodeClaims
  /** ASCII bytes of `header.payload`, what the signature covers. */
  signingInput: Uint8Array
  signature: Uint8Array
}

export type ParseResult = { ok: true; code: ParsedCode } | { ok: false; reason: RefusalReason }

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const ascii = new TextEncoder()

/** Parses without checking the signature; every failure has its own reason. */
export function parseCode(token: string): ParseResult {
  if (token.length > MAX_CODE_LENGTH) return { ok: false, reason: 'CODE_TOO_LONG' }
  if (!JWS_SHAPE.test(token)) {
    return { ok: false, reason: looksLikeJws(token) ? 'CODE_MALFORMED' : 'CODE_NOT_A_CODE' }
  }

  const [headerPart, payloadPart, signaturePart] = token.split('.') as [string, string, string]
  const header = decodeJson(headerPart)
  if (header === undefined) return { ok: false, reason: 'CODE_MALFORMED' }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { ok: false, reason: 'CODE_MALFORMED' }
  }
  // The algorithm is checked before anything else is trusted: `none`, HS256
  // and friends must never reach a key lookup.
  const alg = (header as { alg?: unknown }).alg
  if (alg !== CODE_ALG) return { ok: false, reason: 'CODE_ALG_NOT_ALLOWED' }
  const typ = (header as { typ?: unknown }).typ
  const parsedHeader = codeHeaderSchema.safeParse(header)
  if (!parsedHeader.success) {
    const typeIsWrong = parsedHeader.error.issues.some((i) => i.path[0] === 'typ')
    return {
      ok: false,
      reason: typeIsWrong || typ === undefined ? 'CODE_WRONG_TYPE' : 'CODE_MALFORMED',
    }
  }

  const claims = decodeJson(payloadPart)
  const parsedClaims = codeClaimsSchema.safeParse(claims)
  if (!parsedClaims.success) return { ok: false, reason: 'CODE_MALFORMED' }

  const signature = decodeBase64url(signaturePart)
  if (signature === null || signature.length !== 64) return { ok: false, reason: 'CODE_MALFORMED' }

  return {
    ok: true,
    code: {
      header: parsedHeader.data,
      claims: parsedClaims.data,
      signingInput: ascii.encode(token.slice(0, headerPart.length + 1 + payloadPart.length)),
      signature,
    },
  }
}

/** Starts like base64url JSON (`eyJ` is `{"`) and has the dots of a JWS, perhaps cut short. */
function looksLikeJws(token: string): boolean {
  const dots = token.split('.').length - 1
  return token.startsWith('eyJ') && dots >= 1 && dots <= 2
}

function decodeJson(part: string): unknown {
  const bytes = decodeBase64url(part)
  if (bytes === null) return undefined
  try {
    return JSON.parse(utf8.decode(bytes))
  } catch {
    return undefined
  }
}
