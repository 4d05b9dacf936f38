// Staff password hashes made in Node, in exactly the form the Worker verifies.
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import {
  formatPasswordHash,
  PASSWORD_ITERATIONS,
  PASSWORD_KEY_BYTES,
  PASSWORD_SALT_BYTES,
} from '../../worker/src/crypto/password-format.ts'

/**
 * PBKDF2-SHA256 through node:crypto: the same algorithm, iterations and sizes
 * as the Worker's WebCrypto derivation (worker/src/crypto/password.ts).
 * `salt` is for test vectors only; leave it out to get a fresh random one.
 */
export function hashStaffPassword(
  password: string,
  options: { salt?: Buffer; iterations?: number } = {},
): string {
  const salt = options.salt ?? randomBytes(PASSWORD_SALT_BYTES)
  const iterations = options.iterations ?? PASSWORD_ITERATIONS
  const derived = pbkdf2Sync(
    Buffer.from(password, 'utf8'),
    salt,
    iterations,
    PASSWORD_KEY_BYTES,
    'sha256',
  )
  return formatPasswordHash({
    iterations,
    salt: salt.toString('base64url'),
    derived: derived.toString('base64url'),
  })
}
