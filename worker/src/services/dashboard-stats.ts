// Figures for the admin dashboard: the review backlog, passes per hour, refusals, devices.
import type { Stats } from '@greengate/shared'
import { and, count, desc, eq, gte, isNull, sql } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { applications, checkpoints, devices, passEvents } from '../db/schema.ts'

const DAY_SECONDS = 86_400
/** A device heard from within this long counts as online. */
const ONLINE_SECONDS = 5 * 60

export async function readStats(db: Database, now: number): Promise<Stats> {
  const sinceMs = (now - DAY_SECONDS) * 1000
  const hour = sql<number>`(${passEvents.at} / 3600000) * 3600`

  const [byStatus, passes, refusals, enrolled, online] = await db.batch([
    db
      .select({ status: applications.status, n: count() })
      .from(applications)
      .groupBy(applications.status),
    db
      .select({
        checkpointId: passEvents.checkpointId,
        checkpointName: checkpoints.name,
        hour,
        passes: count(),
      })
      .from(passEvents)
      .leftJoin(checkpoints, eq(checkpoints.id, passEvents.checkpointId))
      .where(and(eq(passEvents.decision, 'pass'), gte(passEvents.at, sinceMs)))
      .groupBy(passEvents.checkpointId, hour)
      .orderBy(passEvents.checkpointId, hour),
    db
      .select({ reason: passEvents.reason, n: count() })
      .from(passEvents)
      .where(and(eq(passEvents.decision, 'refuse'), gte(passEvents.at, sinceMs)))
      .groupBy(passEvents.reason)
      .orderBy(desc(count()), passEvents.reason),
    db.select({ n: count() }).from(devices).where(isNull(devices.revokedAt)),
    db
      .select({ n: count() })
      .from(devices)
      .where(and(isNull(devices.revokedAt), gte(devices.lastHeartbeatAt, now - ONLINE_SECONDS))),
  ])

  const statusCount = (status: string) => byStatus.find((row) => row.status === status)?.n ?? 0
  return {
    generatedAt: now,
    applications: {
      pending: statusCount('pending'),
      approved: statusCount('approved'),
      rejected: statusCount('rejected'),
      superseded: statusCount('superseded'),
    },
    passesPerHour: passes.map((row) => ({ ...row, hour: Number(row.hour) })),
    refusals: refusals.map((row) => ({ reason: row.reason, count: row.n })),
    devices: { enrolled: enrolled[0]?.n ?? 0, online: online[0]?.n ?? 0 },
  }
}
