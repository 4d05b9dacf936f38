// Test helper: an ES256 compact-JWS verifier written from the P-256 and ECDSA definitions
// (SEC 1, FIPS 186), sharing no code with jose or the shared verifier. Only the SHA-256
// digest comes from the platform. Slow and simple: for tests only.

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn
const A = P - 3n
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const G: Point = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
}

type Point = { x: bigint; y: bigint } | null

export interface PublicKeyCoordinates {
  x: string
  y: string
}

export interface IndependentResult {
  valid: boolean
  header: Record<string, unknown>
  payload: Record<string, unknown>
}

/** Verifies a compact JWS signed with ES256 by the key (base64url x, y). */
export async function verifyEs256Independently(
  jws: string,
  key: PublicKeyCoordinates,
): Promise<IndependentResult> {
  const parts = jws.split('.')
  if (parts.length !== 3) throw new Error('not a compact JWS')
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = JSON.parse(new TextDecoder().decode(fromBase64url(headerPart))) as Record<
    string,
    unknown
  >
  const payload = JSON.parse(new TextDecoder().decode(fromBase64url(payloadPart))) as Record<
    string,
    unknown
  >
  if (header.alg !== 'ES256') return { valid: false, header, payload }

  const signature = fromBase64url(signaturePart)
  if (signature.length !== 64) return { valid: false, header, payload }
  const r = toBigInt(signature.subarray(0, 32))
  const s = toBigInt(signature.subarray(32))
  const q = { x: toBigInt(fromBase64url(key.x)), y: toBigInt(fromBase64url(key.y)) }
  if (!onCurve(q)) throw new Error('public key is not on P-256')

  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${headerPart}.${payloadPart}`)),
  )
  return { valid: ecdsaVerify(q, toBigInt(digest), r, s), header, payload }
}

function ecdsaVerify(q: Point, e: bigint, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  const w = inverse(s, N)
  const u1 = mod(e * w, N)
  const u2 = mod(r * w, N)
  const point = add(multiply(G, u1), multiply(q, u2))
  return point !== null && mod(point.x, N) === r
}

function onCurve(point: { x: bigint; y: bigint }): boolean {
  const { x, y } = point
  return mod(y * y - (x * x * x + A * x + B), P) === 0n
}

function add(p1: Point, p2: Point): Point {
  if (p1 === null) return p2
  if (p2 === null) return p1
  if (p1.x === p2.x && mod(p1.y + p2.y, P) === 0n) return null
  const slope =
    p1.x === p2.x && p1.y === p2.y
      ? mod((3n * p1.x * p1.x + A) * inverse(2n * p1.y, P), P)
      : mod((p2.y - p1.y) * inverse(p2.x - p1.x, P), P)
  const x = mod(slope * slope - p1.x - p2.x, P)
  return { x, y: mod(slope * (p1.x - x) - p1.y, P) }
}

function multiply(point: Point, scalar: bigint): Point {
  let result: Point = null
  let addend = point
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend)
    addend = add(addend, addend)
  }
  return result
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m
  return r < 0n ? r + m : r
}

/** Modular inverse by the extended Euclidean algorithm. */
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== 1n) throw new Error('not invertible')
  return mod(oldS, m)
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(
    text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4),
  )
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}
