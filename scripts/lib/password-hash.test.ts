import { describe, expect, it } from 'vitest'
import { parsePasswordHash } from '../../worker/src/crypto/password-format.ts'
import { hashStaffPassword } from './password-hash.ts'
import { PASSWORD_TEST_VECTOR } from './password-test-vector.ts'
import { sqlText, staffInsertSql } from './staff-sql.ts'

describe('staff password hashes made in Node', () => {
  it('match the shared test vector the Worker verifies', () => {
    const salt = Buffer.from(PASSWORD_TEST_VECTOR.saltHex, 'hex')
    expect(hashStaffPassword(PASSWORD_TEST_VECTOR.password, { salt })).toBe(
      PASSWORD_TEST_VECTOR.stored,
    )
  })

  it('use a fresh salt each time, in the stored format the Worker parses', () => {
    const first = hashStaffPassword('same password here')
    const second = hashStaffPassword('same password here')
    expect(first).not.toBe(second)
    expect(parsePasswordHash(first)).toMatchObject({ iterations: 100_000 })
  })
})

describe('staff insert SQL', () => {
  it('quotes text so a name with quotes stays data', () => {
    const sql = staffInsertSql({
      username: 'first.admin',
      displayName: "O'Brien'); DROP TABLE staff; --",
      role: 'admin',
      password: 'long enough password',
    })
    expect(sql).toContain("'O''Brien''); DROP TABLE staff; --'")
    expect(sql).not.toContain('long enough password')
    expect(sql.match(/;\n$/)).not.toBeNull()
  })

  it('updates an existing demo account only when asked to', () => {
    const seed = {
      username: 'demo.reviewer',
      displayName: 'Demo',
      role: 'reviewer' as const,
      password: 'demo password 1',
    }
    expect(staffInsertSql(seed)).not.toContain('ON CONFLICT')
    expect(staffInsertSql(seed, 'replace')).toContain('ON CONFLICT (username) DO UPDATE')
  })

  it('refuses accounts the Worker would refuse, naming the field', () => {
    const seed = {
      username: 'ok.name',
      displayName: 'Ok',
      role: 'admin' as const,
      password: 'long enough password',
    }
    expect(() => staffInsertSql({ ...seed, username: 'Bad Name' })).toThrow(/username/)
    expect(() => staffInsertSql({ ...seed, password: 'short' })).toThrow(/password/)
    expect(() => staffInsertSql({ ...seed, displayName: '' })).toThrow(/display name/)
    expect(() => sqlText('a\u0000b')).toThrow(/NUL/)
  })
})
