// Submitting an application: a new version with its suggested colour, the person's status
// and history updated in one atomic batch.
import {
  declarationDateIssues,
  GreenGateError,
  maskName,
  randomId,
  suggestColour,
  type Application,
  type HealthDeclaration,
  type HealthDeclarationInput,
  type PersonDetails,
} from '@greengate/shared'
import { and, desc, eq } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { applications, people, statusEvents } from '../db/schema.ts'
import { applicationView, detailsSnapshot } from './application-view.ts'
import { feedInserts } from './feed-writer.ts'
import {
  assertDocumentFree,
  assertNoOtherSelf,
  findOwnPerson,
  residentActor,
  sealDocument,
  type PersonRow,
} from './people.ts'
import { isUniqueViolation } from './resident-auth.ts'

export interface ApplicationInput {
  details?: PersonDetails | undefined
  declaration: HealthDeclarationInput
}

export interface SubmittedApplication {
  application: Application
  /** The submission revoked the person's codes: gates must be told. */
  revokedCodes: boolean
}

/**
 * Files a new version for the person.
 *
 * - kind: `first` for the first version; `update` when the person is approved;
 *   `resubmission` otherwise (after a rejection or revocation, or replacing a pending one).
 * - An earlier pending version becomes `superseded`: a reviewer only ever sees the newest.
 * - The person becomes `pending`, except for an update that cannot make things worse: when
 *   its suggested colour is green and the name and document are unchanged, the current
 *   approval (and code) stays valid until a reviewer decides on the update. An update that
 *   declares a risk (yellow or red) or changes who the person is suspends the approval at
 *   once: the person becomes `pending` and every code issued so far is revoked through
 *   the feed, so a self-declared fever never keeps a green code open while it waits.
 */
export async function submitApplication(
  db: Database,
  config: Config,
  accountId: string,
  personId: string,
  input: ApplicationInput,
  now: number,
): Promise<SubmittedApplication> {
  const person = await findOwnPerson(db, accountId, personId)
  assertDeclarationDates(input.declaration, now)
  const { changes, identityChanged } = await detailChanges(db, config, person, input.details)

  const latest = await db
    .select({ version: applications.version })
    .from(applications)
    .where(eq(applications.personId, personId))
    .orderBy(desc(applications.version))
    .get()
  const kind =
    latest === undefined ? 'first' : person.status === 'approved' ? 'update' : 'resubmission'
  const suggestion = suggestColour(input.declaration)
  const keepsApproval = kind === 'update' && suggestion.colour === 'green' && !identityChanged
  const suspends = kind === 'update' && !keepsApproval

  const updated: PersonRow = {
    ...person,
    ...changes,
    status: keepsApproval ? 'approved' : 'pending',
    revokedThrough: suspends ? now : person.revokedThrough,
    updatedAt: now,
  }
  const declaration: HealthDeclaration = { ...input.declaration, declaredAt: now }
  const row = {
    id: randomId(16),
    personId,
    version: (latest?.version ?? 0) + 1,
    kind,
    status: 'pending',
    details: JSON.stringify(detailsSnapshot(updated)),
    declaration: JSON.stringify(declaration),
    highRisk: input.declaration.regionsVisited.some((visit) => visit.highRisk),
    suggestedColour: suggestion.colour,
    suggestionReasons: JSON.stringify(suggestion.reasons),
    submittedAt: now,
    decidedAt: null,
    decidedBy: null,
    decisionColour: null,
    decisionValidUntil: null,
    rejectReason: null,
  } satisfies typeof applications.$inferInsert

  const statements: BatchItem<'sqlite'>[] = [
    db
      .update(applications)
      .set({ status: 'superseded' })
      .where(and(eq(applications.personId, personId), eq(applications.status, 'pending'))),
    db.insert(applications).values(row),
    db
      .update(people)
      .set({
        ...changes,
        status: updated.status,
        revokedThrough: updated.revokedThrough,
        updatedAt: now,
      })
      .where(eq(people.id, personId)),
    db.insert(statusEvents).values({
      id: randomId(16),
      personId,
      at: now,
      status: updated.status,
      colour: updated.colour,
      reason: suspends
        ? 'UPDATE_SUBMITTED_APPROVAL_SUSPENDED'
        : kind === 'update'
          ? 'UPDATE_SUBMITTED'
          : 'APPLICATION_SUBMITTED',
      actor: residentActor(accountId),
    }),
    ...feedInserts(
      db,
      now,
      suspends ? [{ kind: 'subject_revoked', subject: person.subject, revokedThrough: now }] : [],
    ),
  ]
  await writeBatch(db, statements)
  return { application: applicationView(row), revokedCodes: suspends }
}

/** The person columns that new details change, and whether who the person is changed. */
async function detailChanges(
  db: Database,
  config: Config,
  person: PersonRow,
  details: PersonDetails | undefined,
): Promise<{ changes: Partial<PersonRow>; identityChanged: boolean }> {
  if (details === undefined) return { changes: {}, identityChanged: false }

  const changes: Partial<PersonRow> = {
    address: details.address,
    workplace: details.workplace ?? null,
    relationship: details.relationship,
  }
  let identityChanged = false
  const document = await sealDocument(config, details.document)
  if (document.docHash !== person.docHash) {
    await assertDocumentFree(db, document.docHash, person.id)
    Object.assign(changes, document)
    identityChanged = true
  }
  if (details.name !== person.name) {
    changes.name = details.name
    changes.nameMasked = maskName(details.name)
    identityChanged = true
  }
  if (details.relationship === 'self' && person.relationship !== 'self') {
    await assertNoOtherSelf(db, person.accountId, person.id)
  }
  return { changes, identityChanged }
}

function assertDeclarationDates(declaration: HealthDeclarationInput, now: number): void {
  const fields = declarationDateIssues(declaration, now).map((issue) => ({
    ...issue,
    path: `declaration.${issue.path}`,
  }))
  const first = fields[0]
  if (first !== undefined) {
    throw new GreenGateError('VALIDATION_FAILED', `Invalid body: ${first.path} ${first.message}`, {
      fields,
    })
  }
}

async function writeBatch(db: Database, statements: BatchItem<'sqlite'>[]): Promise<void> {
  const [first, ...rest] = statements
  if (first === undefined) return
  try {
    await db.batch([first, ...rest])
  } catch (err) {
    if (isUniqueViolation(err, 'people.doc_hash')) {
      throw new GreenGateError(
        'DOCUMENT_TAKEN',
        'This document is already registered for another person',
      )
    }
    if (isUniqueViolation(err, 'applications.person_id')) {
      throw new GreenGateError(
        'CONFLICT',
        'Another submission for this person arrived at the same time: try again',
      )
    }
    throw err
  }
}
