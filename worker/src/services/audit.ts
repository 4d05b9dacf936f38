// The audit log: one row per staff action, written in the same batch as the action.
import { randomId } from '@greengate/shared'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../db/client.ts'
import { auditLog } from '../db/schema.ts'

/** Stable action names: the console filters and translates them. */
export type AuditAction =
  | 'application.approve'
  | 'application.reject'
  | 'staff.create'
  | 'staff.update'
  | 'checkpoint.create'
  | 'checkpoint.update'
  | 'device.enrol'
  | 'device.revoke'
  | 'person.search'
  | 'person.view'
  | 'person.revoke'
  | 'code.revoke'
  | 'colour.bulk_change'
  | (string & {})

export type AuditTargetType =
  | 'application'
  | 'staff'
  | 'checkpoint'
  | 'device'
  | 'person'
  | 'code'
  | 'colour_change'
  | 'signing_key'

/** JSON-able facts about the action. Never personal data, secrets or free text from residents. */
export type AuditDetails = Record<string, string | number | boolean | null | readonly string[]>

export interface AuditEntry {
  staffId: string
  at: number
  action: AuditAction
  targetType: AuditTargetType
  targetId: string | null
  details?: AuditDetails
}

export function auditInsert(db: Database, entry: AuditEntry): BatchItem<'sqlite'> {
  return db.insert(auditLog).values({
    id: randomId(16),
    at: entry.at,
    staffId: entry.staffId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: JSON.stringify(entry.details ?? {}),
  })
}
