// Opaque bearer credentials: a prefix naming what they are, then 256 random bits.
import { encodeBase64url } from '@greengate/shared'

/** rs_ resident session, ss_ staff session, gd_ gate device credential. */
export type TokenPrefix = 'rs' | 'ss' | 'gd'

export function newToken(prefix: TokenPrefix): string {
  return `${prefix}_${encodeBase64url(crypto.getRandomValues(new Uint8Array(32)))}`
}

export function tokenPrefix(token: string): TokenPrefix | null {
  const prefix = token.slice(0, 3)
  if (prefix === 'rs_' || prefix === 'ss_' || prefix === 'gd_')
    return prefix.slice(0, 2) as TokenPrefix
  return null
}
