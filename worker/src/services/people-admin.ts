// People as admins see them: found by exact document or phone, masked, with their history.
import {
  GreenGateError,
  type AdminPersonDetail,
  type AdminPersonSummary,
  type IdentityDocument,
} from '@greengate/shared'
import { asc, desc, eq, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { accounts, applications, people, statusEvents } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { phoneLookup } from './resident-auth.ts'
import { sealDocument } from './people.ts'

type PersonRow = typeof people.$inferSelect

/** Who looks, and when: reading personal data is itself recorded in the audit log. */
export interface Viewer {
  staffId: string
  now: number
}

/** A validated search: a normalised document or an 11-digit mobile number. */
export type PeopleSearch = { document: IdentityDocument } | { phone: string }

/** Exact search only: the keyed hash finds a document or phone, nothing can be browsed. */
export async function searchPeople(
  db: Database,
  config: Config,
  viewer: Viewer,
  request: PeopleSearch,
): Promise<AdminPersonSummary[]> {
  const base = db
    .select({ person: people, phoneMasked: accounts.phoneMasked })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
  const rows =
    'document' in request
      ? await base
          .where(eq(people.docHash, (await sealDocument(config, request.document)).docHash))
          .all()
      : await base
          .where(eq(accounts.phoneHash, await phoneLookup(config, request.phone)))
          .orderBy(asc(people.createdAt))
          .all()
  // What was searched by and what was found; never the number itself.
  await db.batch([
    auditInsert(db, {
      staffId: viewer.staffId,
      at: viewer.now,
      action: 'person.search',
      targetType: 'person',
      targetId: null,
      details: {
        by: 'document' in request ? 'document' : 'phone',
        found: rows.map(({ person }) => person.id),
      },
    }),
  ])
  return rows.map(({ person, phoneMasked }) => summary(person, phoneMasked))
}

export async function personDetail(
  db: Database,
  viewer: Viewer,
  personId: string,
): Promise<AdminPersonDetail> {
  const row = await db
    .select({ person: people, phoneMasked: accounts.phoneMasked })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(eq(people.id, personId))
    .get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such person')

  const [, events, versions] = await db.batch([
    auditInsert(db, {
      staffId: viewer.staffId,
      at: viewer.now,
      action: 'person.view',
      targetType: 'person',
      targetId: personId,
    }),
    db
      .select({
        at: statusEvents.at,
        status: statusEvents.status,
        colour: statusEvents.colour,
        reason: statusEvents.reason,
        actor: statusEvents.actor,
      })
      .from(statusEvents)
      .where(eq(statusEvents.personId, personId))
      // Several events often share a second; insertion order breaks the tie.
      .orderBy(asc(statusEvents.at), asc(sql`rowid`)),
    db
      .select({
        id: applications.id,
        version: applications.version,
        kind: applications.kind,
        status: applications.status,
        submittedAt: applications.submittedAt,
        decidedAt: applications.decidedAt,
        decidedBy: applications.decidedBy,
        decisionColour: applications.decisionColour,
        decisionValidUntil: applications.decisionValidUntil,
      })
      .from(applications)
      .where(eq(applications.personId, personId))
      .orderBy(desc(applications.version)),
  ])
  return {
    person: {
      ...summary(row.person, row.phoneMasked),
      subject: row.person.subject,
      createdAt: row.person.createdAt,
    },
    events: events.map((event) => ({ ...event, colour: asColour(event.colour) })),
    applications: versions,
  }
}

function summary(row: PersonRow, phoneMasked: string): AdminPersonSummary {
  return {
    id: row.id,
    accountId: row.accountId,
    phoneMasked,
    nameMasked: row.nameMasked,
    document: {
      type: row.docType as AdminPersonSummary['document']['type'],
      masked: row.docMasked,
    },
    relationship: row.relationship as AdminPersonSummary['relationship'],
    status: row.status,
    colour: row.colour,
    validUntil: row.validUntil,
    revokedThrough: row.revokedThrough,
    updatedAt: row.updatedAt,
  }
}

function asColour(value: string | null): AdminPersonSummary['colour'] {
  return value === 'green' || value === 'yellow' || value === 'red' ? value : null
}
