// AES-256-GCM sealing of personal data at rest (ID documents, phone numbers).
import { decodeBase64url, encodeBase64url } from '@greengate/shared'
import { base64ToBytes } from './digest.ts'

const aesKeys = new Map<string, Promise<CryptoKey>>()
const text = new TextEncoder()
const utf8 = new TextDecoder()

function aesKey(secretBase64: string): Promise<CryptoKey> {
  let key = aesKeys.get(secretBase64)
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', base64ToBytes(secretBase64), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ])
    aesKeys.set(secretBase64, key)
  }
  return key
}

/** `v1.<iv>.<ciphertext>`; `context` is bound in as additional data (e.g. 'doc'). */
export async function seal(
  secretBase64: string,
  context: string,
  plaintext: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: text.encode(context) },
    await aesKey(secretBase64),
    text.encode(plaintext),
  )
  return `v1.${encodeBase64url(iv)}.${encodeBase64url(new Uint8Array(sealed))}`
}

export async function unseal(
  secretBase64: string,
  context: string,
  sealed: string,
): Promise<string> {
  const [version, ivPart, dataPart] = sealed.split('.')
  const iv = ivPart === undefined ? null : decodeBase64url(ivPart)
  const data = dataPart === undefined ? null : decodeBase64url(dataPart)
  if (version !== 'v1' || iv === null || data === null) throw new Error('sealed value is damaged')
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: text.encode(context) },
    await aesKey(secretBase64),
    data as Uint8Array<ArrayBuffer>,
  )
  return utf8.decode(plain)
}
