// Staff account management by admins: list, create, change role, disable, reset password.
import {
  GreenGateError,
  randomId,
  type CreateStaffRequest,
  type StaffAccount,
  type UpdateStaffRequest,
} from '@greengate/shared'
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { hashPassword } from '../crypto/password.ts'
import type { Database } from '../db/client.ts'
import { sessions, staff } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { isUniqueViolation } from './resident-auth.ts'

type StaffRow = typeof staff.$inferSelect

export async function listStaff(db: Database): Promise<StaffAccount[]> {
  const rows = await db.select().from(staff).orderBy(asc(staff.username)).all()
  return rows.map(staffAccount)
}

export async function createStaffAccount(
  db: Database,
  actorId: string,
  input: CreateStaffRequest,
  now: number,
): Promise<StaffAccount> {
  const row: StaffRow = {
    id: randomId(16),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  }
  try {
    await db.batch([
      db.insert(staff).values(row),
      auditInsert(db, {
        staffId: actorId,
        at: now,
        action: 'staff.create',
        targetType: 'staff',
        targetId: row.id,
        details: { username: row.username, role: row.role },
      }),
    ])
  } catch (err) {
    if (isUniqueViolation(err, 'staff.username')) {
      throw new GreenGateError('CONFLICT', 'That username is taken')
    }
    throw err
  }
  return staffAccount(row)
}

export async function updateStaffAccount(
  db: Database,
  actorId: string,
  staffId: string,
  patch: UpdateStaffRequest,
  now: number,
): Promise<StaffAccount> {
  const row = await db.select().from(staff).where(eq(staff.id, staffId)).get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such staff account')
  const losesAdmin =
    row.role === 'admin' &&
    row.disabledAt === null &&
    (patch.role === 'reviewer' || patch.disabled === true)
  if (losesAdmin && staffId === actorId) {
    throw new GreenGateError('CONFLICT', 'You cannot demote or disable your own account')
  }
  if (losesAdmin) await assertAnotherAdmin(db, staffId)

  const changes: Partial<StaffRow> = { updatedAt: now }
  if (patch.displayName !== undefined) changes.displayName = patch.displayName
  if (patch.role !== undefined) changes.role = patch.role
  if (patch.disabled !== undefined)
    changes.disabledAt = patch.disabled ? (row.disabledAt ?? now) : null
  if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password)
  // A disabled account or a reset password ends every session of the account.
  const endSessions = patch.disabled === true || patch.password !== undefined

  const statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
    db.update(staff).set(changes).where(eq(staff.id, staffId)),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'staff.update',
      targetType: 'staff',
      targetId: staffId,
      // Which fields changed, and the new role or state: never the password.
      details: {
        changed: Object.keys(patch).sort(),
        ...(patch.role === undefined ? {} : { role: patch.role }),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
      },
    }),
  ]
  if (endSessions) statements.push(db.delete(sessions).where(eq(sessions.staffId, staffId)))
  await db.batch(statements)
  return staffAccount({ ...row, ...changes })
}

/** Keeps at least one active admin, so nobody can lock the district out of its console. */
async function assertAnotherAdmin(db: Database, exceptId: string): Promise<void> {
  const [others] = await db
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), isNull(staff.disabledAt), ne(staff.id, exceptId)))
  if ((others?.n ?? 0) === 0) throw new GreenGateError('CONFLICT', 'This is the last active admin')
}

function staffAccount(row: StaffRow): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
