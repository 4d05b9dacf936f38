// Staff accounts written straight into D1 with wrangler: the first admin, and demo staff.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  staffDisplayNameSchema,
  staffPasswordSchema,
  staffUsernameSchema,
  type StaffRole,
} from '../../shared/src/api/staff.ts'
import { hashStaffPassword } from './password-hash.ts'
import { run } from './processes.ts'

export interface StaffSeed {
  username: string
  displayName: string
  role: StaffRole
  password: string
}

/**
 * fail: an existing username is an error (the first admin).
 * replace: an existing account gets this role, name and password and is
 * enabled again (demo staff, so the printed password always works).
 */
export type IfExists = 'fail' | 'replace'

export interface D1Target {
  /** The repository root, where wrangler.toml is. */
  root: string
  where: 'local' | 'remote'
  /** Local only: wrangler's --persist-to directory. */
  persistTo?: string
  env?: NodeJS.ProcessEnv
}

/**
 * The INSERT for one account, its password hashed as the Worker verifies it.
 * Throws, naming the field, when the seed would not pass the Worker's own rules.
 */
export function staffInsertSql(
  seed: StaffSeed,
  ifExists: IfExists = 'fail',
  now = Math.floor(Date.now() / 1000),
): string {
  const username = check('username', staffUsernameSchema.safeParse(seed.username))
  const displayName = check('display name', staffDisplayNameSchema.safeParse(seed.displayName))
  check('password', staffPasswordSchema.safeParse(seed.password))
  const id = randomBytes(12).toString('base64url')
  const values = [id, username, displayName, seed.role, hashStaffPassword(seed.password)].map(
    sqlText,
  )
  const conflict =
    ifExists === 'replace'
      ? ' ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,' +
        ' role = excluded.role, password_hash = excluded.password_hash, disabled_at = NULL,' +
        ' updated_at = excluded.updated_at'
      : ''
  return (
    `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)` +
    ` VALUES (${values.join(', ')}, ${now}, ${now})${conflict};\n`
  )
}

/** Writes the accounts with `wrangler d1 execute`, from a temporary SQL file. */
export async function writeStaff(
  target: D1Target,
  seeds: readonly StaffSeed[],
  ifExists: IfExists,
): Promise<void> {
  const sql = seeds.map((seed) => staffInsertSql(seed, ifExists)).join('')
  // A file, not --command: no shell or argument quoting can bend the SQL.
  const dir = mkdtempSync(join(tmpdir(), 'greengate-staff-'))
  const file = join(dir, 'staff.sql')
  try {
    writeFileSync(file, sql, { mode: 0o600 })
    const args = [
      'wrangler',
      'd1',
      'execute',
      'greengate',
      `--${target.where}`,
      '--file',
      file,
      '--yes',
    ]
    if (target.persistTo !== undefined) args.push('--persist-to', target.persistTo)
    const options: { cwd: string; env?: NodeJS.ProcessEnv } = { cwd: target.root }
    if (target.env !== undefined) options.env = target.env
    await run('npx', args, options)
  } finally {
    // The file holds password hashes: do not leave it behind.
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A SQL string literal: single quotes doubled, NUL refused (SQLite would cut the text there). */
export function sqlText(value: string): string {
  if (value.includes('\u0000')) throw new Error('text for SQL contains a NUL character')
  return `'${value.replaceAll("'", "''")}'`
}

function check<T>(
  field: string,
  result: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
): T {
  if (result.success) return result.data
  throw new Error(`Invalid ${field}: ${result.error.issues[0]?.message ?? 'not allowed'}`)
}
