// Retention of health declarations: what the scheduled purge forgets, and what it keeps.
import { and, eq, inArray, isNotNull, lt, ne, or } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { applications } from '../db/schema.ts'

/** What purged details and declarations are replaced with; the resident's view shows null. */
export const PURGED_JSON = '{}'

/**
 * Forgets the details and health declaration of applications that are done with and
 * older than the retention: approved or rejected ones decided more than
 * `olderThanSeconds` ago, and superseded ones submitted that long ago. Their JSON becomes
 * '{}'; the rows stay, so the version history (version, kind, status, dates, suggested
 * colour, reject reason) that the resident and the reviewers see is kept whole, and a
 * later version number is never reused. Pending applications are never touched: a
 * reviewer still needs them. The current person row keeps its own name, masked document
 * and address. Answers how many applications were purged (0 when run again).
 */
export async function purgeOldDeclarations(
  db: Database,
  olderThanSeconds: number,
  now: number = Math.floor(Date.now() / 1000),
): Promise<number> {
  const cutoff = now - olderThanSeconds
  const purged = await db
    .update(applications)
    .set({ details: PURGED_JSON, declaration: PURGED_JSON })
    .where(
      and(
        ne(applications.declaration, PURGED_JSON),
        or(
          and(
            inArray(applications.status, ['approved', 'rejected']),
            isNotNull(applications.decidedAt),
            lt(applications.decidedAt, cutoff),
          ),
          and(eq(applications.status, 'superseded'), lt(applications.submittedAt, cutoff)),
        ),
      ),
    )
    .run()
  return purged.meta.changes
}
