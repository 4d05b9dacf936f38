// Test helper: an issuer with a real P-256 key that signs codes, honest or forged on purpose.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { encodeBase64url, type CodeClaims, type Jwks, type PublicJwk } from '@greengate/shared'

export interface TestIssuer {
  iss: string
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  jwk: PublicJwk
  jwks(extra?: { retired?: string[]; keys?: PublicJwk[] }): Jwks
  /** A compact JWS over `header` and `claims` exactly as given. */
  signRaw(header: Record<string, unknown>, claims: Record<string, unknown>): string
  /** A phone code (typ ggc) with sensible claims, overridable. */
  code(claims?: Partial<CodeClaims>, header?: Record<string, unknown>): string
}

const text = new TextEncoder()

export function createTestIssuer(iss = 'greengate-test', kid = 'k1'): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const exported = publicKey.export({ format: 'jwk' })
  const jwk: PublicJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: String(exported.x),
    y: String(exported.y),
    kid,
    alg: 'ES256',
    use: 'sig',
  }

  const signRaw = (header: Record<string, unknown>, claims: Record<string, unknown>): string => {
    const input = `${part(header)}.${part(claims)}`
    const signature = sign('sha256', text.encode(input), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    })
    return `${input}.${encodeBase64url(signature)}`
  }

  return {
    iss,
    kid,
    privateKey,
    publicKey,
    jwk,
    jwks: (extra = {}) => ({ iss, keys: extra.keys ?? [jwk], retired: extra.retired ?? [] }),
    signRaw,
    code: (claims = {}, header = {}) => {
      const now = Math.floor(Date.now() / 1000)
      return signRaw(
        { alg: 'ES256', kid, typ: 'ggc', ...header },
        {
          iss,
          sub: 'Sub0000000000001',
          col: 'g',
          iat: now - 10,
          exp: now + 300,
          jti: 'jti000000001',
          ...claims,
        },
      )
    },
  }
}

function part(value: unknown): string {
  return encodeBase64url(text.encode(JSON.stringify(value)))
}
