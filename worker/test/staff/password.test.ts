import { describe, expect, it } from 'vitest'
import { PASSWORD_TEST_VECTOR } from '../../../scripts/lib/password-test-vector.ts'
import { hashPassword, verifyPassword } from '../../src/crypto/password.ts'
import { parsePasswordHash, PASSWORD_ITERATIONS } from '../../src/crypto/password-format.ts'
import { DECOY_PASSWORD_HASH } from '../../src/services/staff-auth.ts'

describe('staff passwords in the Worker', () => {
  it('accept a hash made by the Node admin script (shared test vector)', async () => {
    expect(await verifyPassword(PASSWORD_TEST_VECTOR.password, PASSWORD_TEST_VECTOR.stored)).toBe(
      true,
    )
    expect(
      await verifyPassword(`${PASSWORD_TEST_VECTOR.password} `, PASSWORD_TEST_VECTOR.stored),
    ).toBe(false)
  })

  it('verify their own hashes and refuse other passwords', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
  })

  it('refuse damaged or foreign hashes instead of throwing', async () => {
    const [scheme, , salt, derived] = PASSWORD_TEST_VECTOR.stored.split('$')
    for (const stored of [
      '',
      'plain-text-password',
      `bcrypt$100000$${salt}$${derived}`,
      `${scheme}$abc$${salt}$${derived}`,
      `${scheme}$999999999$${salt}$${derived}`,
      `${scheme}$0$${salt}$${derived}`,
      `${scheme}$100000$${salt}$short`,
      `${scheme}$100000$!!!$${derived}`,
    ]) {
      expect(await verifyPassword(PASSWORD_TEST_VECTOR.password, stored)).toBe(false)
    }
  })

  it('check unknown usernames against a decoy that costs a full derivation', async () => {
    // If the decoy did not parse, verifyPassword would answer at once and an
    // unknown username would be told apart from a wrong password by timing.
    expect(parsePasswordHash(DECOY_PASSWORD_HASH)?.iterations).toBe(PASSWORD_ITERATIONS)
    expect(await verifyPassword('', DECOY_PASSWORD_HASH)).toBe(false)
  })
})
