// Reading the audit log: newest first, paged by cursor, with the acting staff's username.
import type { AuditPage } from '@greengate/shared'
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { auditLog, staff } from '../db/schema.ts'

export async function readAuditPage(
  db: Database,
  query: { limit: number; cursor?: string | undefined },
): Promise<AuditPage> {
  const rows = await db
    .select({ entry: auditLog, staffUsername: staff.username })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .where(query.cursor === undefined ? undefined : beforeCursor(query.cursor))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.limit + 1)
    .all()

  const page = rows.slice(0, query.limit)
  const answer: AuditPage = {
    entries: page.map(({ entry, staffUsername }) => ({
      id: entry.id,
      at: entry.at,
      staffId: entry.staffId,
      staffUsername,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: parseDetails(entry.details),
    })),
  }
  const last = page.at(-1)
  if (rows.length > query.limit && last !== undefined)
    answer.nextCursor = `${last.entry.at}.${last.entry.id}`
  return answer
}

/** `<at>.<id>`: strictly older than that row. Shape checked by the route. */
function beforeCursor(cursor: string): SQL {
  const dot = cursor.indexOf('.')
  const at = Number(cursor.slice(0, dot))
  const id = cursor.slice(dot + 1)
  return or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id))) as SQL
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}
