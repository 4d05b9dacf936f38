// A reviewer's decision on an application: approve with a colour and validity, or reject.
import {
  GreenGateError,
  isStricterColour,
  MAX_VALID_DAYS,
  randomId,
  type Colour,
  type ReviewDecision,
} from '@greengate/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../db/client.ts'
import { applications, people, statusEvents } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { feedInserts, type NewFeedEntry } from './feed-writer.ts'

export type Decision =
  | { status: 'approved'; colour: Colour; validUntil: number; note: string | null }
  | { status: 'rejected'; reason: string }

export interface DecisionInput {
  applicationId: string
  staffId: string
  decision: Decision
}

/** What a decision needs to know about the application and its person, read first. */
export interface PendingApplication {
  status: string
  personId: string
  subject: string
  colour: Colour | null
}

/** Reads the application and decides it; see applyDecision. */
export async function decideApplication(
  db: Database,
  input: DecisionInput,
  now: number,
): Promise<ReviewDecision & { feedGrew: boolean }> {
  const row = await db
    .select({
      status: applications.status,
      personId: people.id,
      subject: people.subject,
      colour: people.colour,
    })
    .from(applications)
    .innerJoin(people, eq(people.id, applications.personId))
    .where(eq(applications.id, input.applicationId))
    .get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such application')
  return applyDecision(db, row, input, now)
}

/**
 * Applies the decision in one atomic batch: the application, the person, a
 * status event, an audit row and, when the person's colour gets stricter, a feed entry
 * that kills their outstanding codes. `row` may be stale by the time the batch
 * runs; the batch itself refuses to decide an application twice. Answers
 * whether the caller must tell the gates (`feedGrew`).
 */
export async function applyDecision(
  db: Database,
  row: PendingApplication,
  input: DecisionInput,
  now: number,
): Promise<ReviewDecision & { feedGrew: boolean }> {
  const { applicationId, staffId, decision } = input
  if (row.status !== 'pending') throw notPending(row.status)

  const decisionId = randomId(16)
  const approved = decision.status === 'approved'
  const newColour = approved ? decision.colour : null
  // A stricter colour (green to yellow, yellow to red) or a rejection kills every code
  // issued so far, printed passes included: a yellow pass must not keep opening the
  // gates that admit yellow once its holder is red.
  const revokes = isStricterColour(row.colour, newColour)
  const feed: NewFeedEntry[] = !revokes
    ? []
    : approved
      ? [
          {
            kind: 'colour_changed',
            subject: row.subject,
            colour: decision.colour,
            revokedThrough: now,
          },
        ]
      : [{ kind: 'subject_revoked', subject: row.subject, revokedThrough: now }]

  const statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
    db
      .update(applications)
      .set({
        status: decision.status,
        decidedAt: now,
        decidedBy: staffId,
        decisionId,
        decisionColour: newColour,
        decisionValidUntil: approved ? decision.validUntil : null,
        decisionNote: approved ? decision.note : null,
        rejectReason: approved ? null : decision.reason,
      })
      .where(and(eq(applications.id, applicationId), eq(applications.status, 'pending'))),
    guardedStatusEvent(db, { applicationId, decisionId, decision, now, staffId }),
    db
      .update(people)
      .set({
        status: decision.status,
        // A rejection ends any earlier approval: no colour, no validity.
        colour: newColour,
        validUntil: approved ? decision.validUntil : null,
        ...(revokes ? { revokedThrough: now } : {}),
        updatedAt: now,
      })
      .where(eq(people.id, row.personId)),
    ...feedInserts(db, now, feed),
    auditInsert(db, {
      staffId,
      at: now,
      action: approved ? 'application.approve' : 'application.reject',
      targetType: 'application',
      targetId: applicationId,
      details: { personId: row.personId, colour: newColour, codesRevoked: revokes },
    }),
  ]

  try {
    await db.batch(statements)
  } catch (err) {
    // The guard aborted the batch: another decision closed the application first.
    const current = await db
      .select({ status: applications.status })
      .from(applications)
      .where(eq(applications.id, applicationId))
      .get()
    if (current !== undefined && current.status !== 'pending') throw notPending(current.status)
    throw err
  }

  return {
    applicationId,
    personId: row.personId,
    status: decision.status,
    colour: newColour,
    validUntil: approved ? decision.validUntil : null,
    decidedAt: now,
    codesRevoked: revokes,
    feedGrew: feed.length > 0,
  }
}

/**
 * The person's status event, inserted only if this decision's id is the one
 * now on the application. When another decision won the race, the person id
 * comes out NULL, the NOT NULL constraint fails, and D1 rolls the whole batch
 * back: nothing of the losing decision is stored.
 */
function guardedStatusEvent(
  db: Database,
  args: {
    applicationId: string
    decisionId: string
    decision: Decision
    now: number
    staffId: string
  },
): BatchItem<'sqlite'> {
  const { decision } = args
  return db.insert(statusEvents).values({
    id: randomId(16),
    personId: sql`(SELECT ${applications.personId} FROM ${applications}
      WHERE ${applications.id} = ${args.applicationId}
        AND ${applications.decisionId} = ${args.decisionId})`,
    at: args.now,
    status: decision.status,
    colour: decision.status === 'approved' ? decision.colour : null,
    reason: decision.status === 'rejected' ? decision.reason : null,
    actor: `staff:${args.staffId}`,
  })
}

/** The end of an approval given as days from now or as a date, at most MAX_VALID_DAYS ahead. */
export function approvalEnd(
  body: { validDays?: number | undefined; validUntil?: number | undefined },
  now: number,
): number {
  const validUntil = body.validUntil ?? now + (body.validDays ?? 0) * 86_400
  if (validUntil <= now || validUntil > now + MAX_VALID_DAYS * 86_400) {
    throw new GreenGateError(
      'VALIDATION_FAILED',
      `validUntil must be in the next ${MAX_VALID_DAYS} days`,
      {
        fields: [
          {
            path: 'validUntil',
            code: 'custom',
            message: `Must be after now and within ${MAX_VALID_DAYS} days`,
          },
        ],
      },
    )
  }
  return validUntil
}

function notPending(status: string): GreenGateError {
  return new GreenGateError('APPLICATION_NOT_PENDING', `This application is already ${status}`)
}
