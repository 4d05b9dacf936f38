// Bulk colour change: everyone who passed a checkpoint in a window gets a new colour
// (a contact-tracing result). Moving someone to a stricter colour kills their codes.
import {
  GreenGateError,
  isStricterColour,
  randomId,
  type Colour,
  type ColourChangeResult,
} from '@greengate/shared'
import { and, eq, gte, inArray, isNotNull, lte } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { chunkRows } from '../db/chunk.ts'
import type { Database } from '../db/client.ts'
import { applications, passEvents, people, statusEvents } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { findCheckpoint } from './checkpoint-admin.ts'
import { feedInserts } from './feed-writer.ts'

export interface ColourChangeWindow {
  checkpointId: string
  /** Unix seconds, inclusive. */
  from: number
  /** Unix seconds, inclusive. */
  to: number
  colour: Colour
}

/**
 * More people than this in one change is refused: the writes of one request
 * must stay well inside a Worker's limits.
 */
export const MAX_PEOPLE_PER_CHANGE = 10_000

/**
 * People per write batch: UPDATEs binding their ids (40 + 3 values, under D1's 100),
 * their status events (chunked) and up to 40 feed entries.
 */
const PEOPLE_PER_BATCH = 40
const STATUS_EVENT_COLUMNS = 7

interface Affected {
  id: string
  subject: string
  colour: Colour | null
  status: string
}

export async function previewColourChange(
  db: Database,
  window: ColourChangeWindow,
): Promise<{ people: number; changing: number }> {
  await findCheckpoint(db, window.checkpointId)
  const affected = await affectedPeople(db, window)
  return {
    people: affected.length,
    changing: affected.filter((p) => p.colour !== window.colour).length,
  }
}

export async function applyColourChange(
  db: Database,
  actorId: string,
  input: ColourChangeWindow & { reason: string },
  now: number,
): Promise<ColourChangeResult & { feedGrew: boolean }> {
  await findCheckpoint(db, input.checkpointId)
  const affected = await affectedPeople(db, input)
  if (affected.length > MAX_PEOPLE_PER_CHANGE) {
    throw new GreenGateError(
      'CONFLICT',
      `${affected.length} people passed in this window; ` +
        `narrow it to at most ${MAX_PEOPLE_PER_CHANGE}`,
    )
  }
  const changing = affected.filter((person) => person.colour !== input.colour)
  const tightens = (person: Affected) => isStricterColour(person.colour, input.colour)
  const revoked = changing.filter(tightens).length

  // The audit row goes in the first batch, so even a change cut short part-way is on record.
  const audit = auditInsert(db, {
    staffId: actorId,
    at: now,
    action: 'colour.bulk_change',
    targetType: 'colour_change',
    targetId: input.checkpointId,
    details: {
      checkpointId: input.checkpointId,
      from: input.from,
      to: input.to,
      colour: input.colour,
      people: affected.length,
      changed: changing.length,
      codesRevoked: revoked,
      reason: input.reason,
    },
  })
  const groups: Affected[][] = []
  for (let i = 0; i < changing.length; i += PEOPLE_PER_BATCH) {
    groups.push(changing.slice(i, i + PEOPLE_PER_BATCH))
  }
  if (groups.length === 0) await db.batch([audit])
  for (const [index, group] of groups.entries()) {
    const statements = groupWrites(db, group, input, now, actorId, tightens)
    await db.batch(index === 0 ? [audit, ...statements] : statements)
  }
  return {
    people: affected.length,
    changed: changing.length,
    codesRevoked: revoked,
    feedGrew: revoked > 0,
  }
}

/** Distinct people with a pass at the checkpoint in the window (pass events are in ms). */
async function affectedPeople(db: Database, window: ColourChangeWindow): Promise<Affected[]> {
  const passed = db
    .selectDistinct({ subject: passEvents.subject })
    .from(passEvents)
    .where(
      and(
        eq(passEvents.checkpointId, window.checkpointId),
        eq(passEvents.decision, 'pass'),
        gte(passEvents.at, window.from * 1000),
        lte(passEvents.at, window.to * 1000 + 999),
        isNotNull(passEvents.subject),
      ),
    )
  return db
    .select({
      id: people.id,
      subject: people.subject,
      colour: people.colour,
      status: people.status,
    })
    .from(people)
    .where(inArray(people.subject, passed))
    .all()
}

function groupWrites(
  db: Database,
  group: Affected[],
  input: ColourChangeWindow & { reason: string },
  now: number,
  actorId: string,
  tightens: (person: Affected) => boolean,
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const tightening = group.filter(tightens)
  const staying = group.filter((person) => !tightens(person))
  const statements: BatchItem<'sqlite'>[] = []
  if (tightening.length > 0) {
    const ids = tightening.map((person) => person.id)
    statements.push(
      db
        .update(people)
        .set({ colour: input.colour, revokedThrough: now, updatedAt: now })
        .where(inArray(people.id, ids)),
      // An application waiting from before the change was declared without knowing of it:
      // approving it would undo the change, so the person must apply again.
      db
        .update(applications)
        .set({ status: 'superseded' })
        .where(and(inArray(applications.personId, ids), eq(applications.status, 'pending'))),
    )
  }
  if (staying.length > 0) {
    statements.push(
      db
        .update(people)
        .set({ colour: input.colour, updatedAt: now })
        .where(
          inArray(
            people.id,
            staying.map((person) => person.id),
          ),
        ),
    )
  }
  const events = group.map((person) => ({
    id: randomId(16),
    personId: person.id,
    at: now,
    status: person.status,
    colour: input.colour,
    reason: input.reason,
    actor: `staff:${actorId}`,
  }))
  for (const rows of chunkRows(events, STATUS_EVENT_COLUMNS))
    statements.push(db.insert(statusEvents).values(rows))
  statements.push(
    ...feedInserts(
      db,
      now,
      tightening.map((person) => ({
        kind: 'colour_changed' as const,
        subject: person.subject,
        colour: input.colour,
        revokedThrough: now,
      })),
    ),
  )
  const [first, ...rest] = statements
  if (first === undefined) throw new Error('a colour change group wrote nothing')
  return [first, ...rest]
}
