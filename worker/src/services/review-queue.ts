// The reviewer's queue: applications oldest first, with the declaration and the suggestion.
import {
  applicationDetailsSchema,
  healthDeclarationSchema,
  SUGGESTION_REASONS,
  type ReviewQueueItem,
  type ReviewQueuePage,
} from '@greengate/shared'
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db/client.ts'
import { applications, people } from '../db/schema.ts'

export interface QueueFilter {
  status: 'pending' | 'approved' | 'rejected'
  suggested?: 'green' | 'yellow' | 'red' | undefined
  highRisk?: boolean | undefined
  limit: number
  cursor?: string | undefined
}

const reasonsSchema = z.array(z.enum(SUGGESTION_REASONS))

export async function readReviewQueue(db: Database, filter: QueueFilter): Promise<ReviewQueuePage> {
  const conditions: SQL[] = [eq(applications.status, filter.status)]
  if (filter.suggested !== undefined)
    conditions.push(eq(applications.suggestedColour, filter.suggested))
  if (filter.highRisk !== undefined) conditions.push(eq(applications.highRisk, filter.highRisk))
  if (filter.cursor !== undefined) conditions.push(afterCursor(filter.cursor))

  const rows = await db
    .select({ application: applications, person: people })
    .from(applications)
    .innerJoin(people, eq(people.id, applications.personId))
    .where(and(...conditions))
    .orderBy(asc(applications.submittedAt), asc(applications.id))
    .limit(filter.limit + 1)
    .all()

  const page = rows.slice(0, filter.limit)
  const last = page.at(-1)
  const answer: ReviewQueuePage = {
    items: page.map(({ application, person }) => toItem(application, person)),
  }
  if (rows.length > filter.limit && last !== undefined) {
    answer.nextCursor = `${last.application.submittedAt}.${last.application.id}`
  }
  return answer
}

/** `<submittedAt>.<id>`: strictly after that row in queue order. Shape checked by the route. */
function afterCursor(cursor: string): SQL {
  const dot = cursor.indexOf('.')
  const at = Number(cursor.slice(0, dot))
  const id = cursor.slice(dot + 1)
  return or(
    gt(applications.submittedAt, at),
    and(eq(applications.submittedAt, at), gt(applications.id, id)),
  ) as SQL
}

function toItem(
  application: typeof applications.$inferSelect,
  person: typeof people.$inferSelect,
): ReviewQueueItem {
  return {
    applicationId: application.id,
    kind: application.kind,
    version: application.version,
    submittedAt: application.submittedAt,
    person: {
      id: person.id,
      name: person.name,
      nameMasked: person.nameMasked,
      document: {
        type: person.docType as ReviewQueueItem['person']['document']['type'],
        masked: person.docMasked,
      },
      relationship: person.relationship as ReviewQueueItem['person']['relationship'],
      status: person.status,
      colour: person.colour,
    },
    details: parseStored(applicationDetailsSchema, application.details),
    declaration: parseStored(healthDeclarationSchema, application.declaration),
    highRisk: application.highRisk,
    suggestedColour: application.suggestedColour,
    suggestionReasons: parseStored(reasonsSchema, application.suggestionReasons) ?? [],
    decision:
      application.decidedAt === null
        ? null
        : {
            decidedAt: application.decidedAt,
            decidedBy: application.decidedBy,
            colour: application.decisionColour,
            validUntil: application.decisionValidUntil,
            note: application.decisionNote,
            rejectReason: application.rejectReason,
          },
  }
}

/** Stored JSON read back through its schema; null when purged or unreadable. */
function parseStored<T extends z.ZodType>(schema: T, json: string): z.output<T> | null {
  try {
    const result = schema.safeParse(JSON.parse(json))
    return result.success ? result.data : null
  } catch {
    return null
  }
}
