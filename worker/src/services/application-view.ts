// Applications and status events as the resident sees them (stored JSON checked on the way out).
import {
  applicationDetailsSchema,
  healthDeclarationSchema,
  SUGGESTION_REASONS,
  type Application,
  type ApplicationDetails,
  type PersonHistory,
  type SuggestionReason,
} from '@greengate/shared'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../db/client.ts'
import { applications, statusEvents } from '../db/schema.ts'
import type { PersonViewSource } from './people.ts'

export type ApplicationRow = typeof applications.$inferSelect

/** The columns the resident's view is made of (other areas may add columns). */
export type ApplicationViewSource = Pick<
  ApplicationRow,
  | 'id'
  | 'personId'
  | 'version'
  | 'kind'
  | 'status'
  | 'details'
  | 'declaration'
  | 'suggestedColour'
  | 'suggestionReasons'
  | 'submittedAt'
  | 'decidedAt'
  | 'decisionColour'
  | 'decisionValidUntil'
  | 'rejectReason'
>

/** Stored JSON for details and declaration; '{}' once purged (answered as null). */
export function applicationView(row: ApplicationViewSource): Application {
  return {
    id: row.id,
    personId: row.personId,
    version: row.version,
    kind: row.kind,
    status: row.status,
    details: parseStored(applicationDetailsSchema, row.details),
    declaration: parseStored(healthDeclarationSchema, row.declaration),
    suggestedColour: row.suggestedColour,
    suggestionReasons: parseReasons(row.suggestionReasons),
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    decisionColour: row.decisionColour,
    decisionValidUntil: row.decisionValidUntil,
    rejectReason: row.rejectReason,
  }
}

/** The snapshot kept with an application: the document only masked. */
export function detailsSnapshot(person: PersonViewSource): ApplicationDetails {
  return {
    name: person.name,
    document: {
      type: person.docType as ApplicationDetails['document']['type'],
      masked: person.docMasked,
    },
    address: person.address,
    workplace: person.workplace,
    relationship: person.relationship as ApplicationDetails['relationship'],
  }
}

export async function listApplications(db: Database, personId: string): Promise<Application[]> {
  const rows = await db
    .select()
    .from(applications)
    .where(eq(applications.personId, personId))
    .orderBy(desc(applications.version))
  return rows.map(applicationView)
}

export async function findApplication(
  db: Database,
  personId: string,
  applicationId: string,
): Promise<ApplicationRow | undefined> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.personId, personId)))
    .get()
}

/** Status events oldest first (the order they happened), applications newest first. */
export async function personHistory(db: Database, personId: string): Promise<PersonHistory> {
  const [events, versions] = await db.batch([
    db
      .select({
        at: statusEvents.at,
        status: statusEvents.status,
        colour: statusEvents.colour,
        reason: statusEvents.reason,
      })
      .from(statusEvents)
      .where(eq(statusEvents.personId, personId))
      // rowid breaks ties between events of the same second in insertion order.
      .orderBy(asc(statusEvents.at), sql`rowid`),
    db
      .select({
        id: applications.id,
        version: applications.version,
        kind: applications.kind,
        status: applications.status,
        submittedAt: applications.submittedAt,
        decidedAt: applications.decidedAt,
        rejectReason: applications.rejectReason,
      })
      .from(applications)
      .where(eq(applications.personId, personId))
      .orderBy(desc(applications.version)),
  ])
  return {
    events: events.map((event) => ({ ...event, colour: asColour(event.colour) })),
    applications: versions,
  }
}

function parseStored<T extends z.ZodType>(schema: T, json: string): z.output<T> | null {
  try {
    const result = schema.safeParse(JSON.parse(json))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

function parseReasons(json: string): SuggestionReason[] {
  try {
    const value: unknown = JSON.parse(json)
    if (!Array.isArray(value)) return []
    return value.filter((r): r is SuggestionReason =>
      SUGGESTION_REASONS.includes(r as SuggestionReason),
    )
  } catch {
    return []
  }
}

function asColour(value: string | null): 'green' | 'yellow' | 'red' | null {
  return value === 'green' || value === 'yellow' || value === 'red' ? value : null
}
