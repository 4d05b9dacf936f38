// Test-only: signs codes with node:crypto so the verifier can be tested apart from any issuer.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto'
import { encodeBase64url } from '../src/base64url.ts'

export interface TestKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

export function makeTestKey(kid = 'k1'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    kid,
    privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicKey: createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })),
  }
}

const json = (value: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)))

/** Signs any header and claims as a compact ES256 JWS (also malformed ones, on purpose). */
export function signCode(
  key: TestKey,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const input = `${json(header)}.${json(claims)}`
  const signature = sign('sha256', Buffer.from(input), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  })
  return `${input}.${encodeBase64url(signature)}`
}

export function validClaims(
  now: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    iss: '330110',
    sub: 'Xa9kLm3Qp0Z',
    col: 'g',
    nm: '张*明',
    iat: now,
    exp: now + 180,
    jti: 'pQ3kZ9mA',
    ...overrides,
  }
}
