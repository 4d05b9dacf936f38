// Scheduled job: forget what the retention period no longer allows us to keep (pass
// events, health declarations) and what can never be used again (expired sessions,
// one-time codes, rate-limit windows, long-expired printed passes).
import { sql } from 'drizzle-orm'
import { configOf } from '../config.ts'
import { nowSeconds, primary, type Database } from '../db/client.ts'
import { purgeOldDeclarations } from '../services/declaration-purge.ts'
import { purgeDeadOtpChallenges } from '../services/otp.ts'
import { purgeExpiredRateLimits } from '../services/rate-limit.ts'

export interface PurgeOptions {
  now?: number
  /** Rows deleted per statement: small enough that one statement never nears D1's time limit. */
  chunkRows?: number
  /** Stop starting new chunks after this long; the next run carries on. */
  budgetMs?: number
}

export interface PurgeReport {
  passEvents: number
  sessions: number
  printedPasses: number
  declarations: number
  /** True when the budget ran out with old pass events left (the next run continues). */
  unfinished: boolean
}

const DEFAULT_CHUNK_ROWS = 5000
// Cron runs may last 15 minutes; stay well inside that.
const DEFAULT_BUDGET_MS = 5 * 60_000

export async function purgeExpiredData(env: Env, options: PurgeOptions = {}): Promise<PurgeReport> {
  const config = configOf(env)
  const db = primary(env)
  const now = options.now ?? nowSeconds()
  const chunk = {
    rows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
    deadline: Date.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS),
  }

  // pass_events.at is Unix milliseconds, by the gate's clock. A gate whose clock ran far
  // ahead stamps records that `at` alone would keep for ever: those go by when we
  // received them instead (still through the `at` index, as a range above the present).
  const passCutoffMs = (now - config.retentionSeconds) * 1000
  const futureMs = (now + 86_400) * 1000
  const cutoff = now - config.retentionSeconds
  const passEvents = await deleteInChunks(
    db,
    chunk,
    (limit) => sql`DELETE FROM pass_events WHERE rowid IN
      (SELECT rowid FROM pass_events WHERE at < ${passCutoffMs} LIMIT ${limit})`,
  )
  const futureStamped = await deleteInChunks(
    db,
    chunk,
    (limit) => sql`DELETE FROM pass_events WHERE rowid IN (SELECT rowid FROM pass_events
      WHERE at > ${futureMs} AND received_at < ${cutoff} LIMIT ${limit})`,
  )
  const sessions = await deleteInChunks(
    db,
    chunk,
    (limit) => sql`DELETE FROM sessions WHERE rowid IN
      (SELECT rowid FROM sessions WHERE expires_at < ${now} LIMIT ${limit})`,
  )
  // A printed pass row is kept past its expiry for as long as pass records could name it.
  const printedPasses = await deleteInChunks(
    db,
    chunk,
    (limit) => sql`DELETE FROM printed_passes WHERE rowid IN
      (SELECT rowid FROM printed_passes WHERE expires_at < ${cutoff} LIMIT ${limit})`,
  )
  await purgeDeadOtpChallenges(db, now)
  await purgeExpiredRateLimits(db, now)
  const declarations = await purgeOldDeclarations(db, config.retentionSeconds, now)

  const report: PurgeReport = {
    passEvents: passEvents.deleted + futureStamped.deleted,
    sessions: sessions.deleted,
    printedPasses: printedPasses.deleted,
    declarations,
    unfinished: [passEvents, futureStamped, sessions, printedPasses].some((r) => r.unfinished),
  }
  console.log(JSON.stringify({ level: 'info', msg: 'purge finished', ...report }))
  return report
}

interface ChunkPlan {
  rows: number
  deadline: number
}

async function deleteInChunks(
  db: Database,
  plan: ChunkPlan,
  statement: (limit: number) => ReturnType<typeof sql>,
): Promise<{ deleted: number; unfinished: boolean }> {
  let deleted = 0
  for (;;) {
    const result = await db.run(statement(plan.rows))
    deleted += result.meta.changes
    if (result.meta.changes < plan.rows) return { deleted, unfinished: false }
    if (Date.now() >= plan.deadline) return { deleted, unfinished: true }
  }
}
