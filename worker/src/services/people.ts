// The people an account manages: add, list, read and change them, always within the account.
import {
  GreenGateError,
  maskDocumentNumber,
  maskName,
  randomId,
  type IdentityDocument,
  type Person,
  type PersonDetails,
  type PersonSummary,
  type Relationship,
} from '@greengate/shared'
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { lookupHash } from '../crypto/digest.ts'
import { seal } from '../crypto/seal.ts'
import type { Database } from '../db/client.ts'
import { people, statusEvents } from '../db/schema.ts'
import { isUniqueViolation } from './resident-auth.ts'

export type PersonRow = typeof people.$inferSelect

/** The columns the resident's view is made of (other areas may add columns). */
export type PersonViewSource = Pick<
  PersonRow,
  | 'id'
  | 'relationship'
  | 'name'
  | 'nameMasked'
  | 'docType'
  | 'docMasked'
  | 'status'
  | 'colour'
  | 'validUntil'
  | 'updatedAt'
  | 'address'
  | 'workplace'
  | 'createdAt'
>

export interface PersonPatch {
  address?: string | undefined
  workplace?: string | null | undefined
  relationship?: Relationship | undefined
}

/** The columns that hold a document: type, keyed hash, sealed number and masked form. */
export interface SealedDocument {
  docType: IdentityDocument['type']
  docHash: string
  docEnc: string
  docMasked: string
}

/** Who did it, as status events record it. */
export function residentActor(accountId: string): string {
  return `resident:${accountId}`
}

/**
 * The person if it belongs to the account. Another account's person is answered exactly
 * like a missing one (404, never 403), so ids cannot be probed.
 */
export async function findOwnPerson(
  db: Database,
  accountId: string,
  personId: string,
): Promise<PersonRow> {
  const row = await db
    .select()
    .from(people)
    .where(and(eq(people.id, personId), eq(people.accountId, accountId)))
    .get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such person in your account')
  return row
}

export async function createPerson(
  db: Database,
  config: Config,
  accountId: string,
  details: PersonDetails,
  now: number,
): Promise<Person> {
  const document = await sealDocument(config, details.document)
  await assertDocumentFree(db, document.docHash, null)
  if (details.relationship === 'self') await assertNoOtherSelf(db, accountId, null)

  const row = {
    id: randomId(16),
    accountId,
    subject: randomId(11),
    relationship: details.relationship,
    name: details.name,
    nameMasked: maskName(details.name),
    ...document,
    status: 'draft',
    colour: null,
    validUntil: null,
    revokedThrough: 0,
    createdAt: now,
    updatedAt: now,
    address: details.address,
    workplace: details.workplace ?? null,
  } satisfies typeof people.$inferInsert
  await guardDocumentRace(() =>
    db.batch([
      db.insert(people).values(row),
      db.insert(statusEvents).values({
        id: randomId(16),
        personId: row.id,
        at: now,
        status: 'draft',
        colour: null,
        reason: 'PERSON_ADDED',
        actor: residentActor(accountId),
      }),
    ]),
  )
  return personView(row)
}

export async function listPeople(db: Database, accountId: string): Promise<PersonSummary[]> {
  const rows = await db
    .select()
    .from(people)
    .where(eq(people.accountId, accountId))
    // rowid keeps people added in the same second in the order they were added.
    .orderBy(asc(people.createdAt), sql`rowid`)
  return rows.map(personSummary)
}

export async function patchPerson(
  db: Database,
  accountId: string,
  personId: string,
  patch: PersonPatch,
  now: number,
): Promise<Person> {
  const row = await findOwnPerson(db, accountId, personId)
  if (patch.relationship === 'self') await assertNoOtherSelf(db, accountId, personId)

  const changes: Partial<PersonRow> = { updatedAt: now }
  if (patch.address !== undefined) changes.address = patch.address
  if (patch.workplace !== undefined) changes.workplace = patch.workplace
  if (patch.relationship !== undefined) changes.relationship = patch.relationship
  await db
    .update(people)
    .set(changes)
    .where(and(eq(people.id, personId), eq(people.accountId, accountId)))
  return personView({ ...row, ...changes })
}

export async function sealDocument(
  config: Config,
  document: IdentityDocument,
): Promise<SealedDocument> {
  return {
    docType: document.type,
    docHash: await lookupHash(config.lookupKey, 'doc', `${document.type}:${document.number}`),
    docEnc: await seal(config.dataKey, 'doc', document.number),
    docMasked: maskDocumentNumber(document.type, document.number),
  }
}

/** DOCUMENT_TAKEN when any person but `exceptPersonId` holds the document, in any account. */
export async function assertDocumentFree(
  db: Database,
  docHash: string,
  exceptPersonId: string | null,
): Promise<void> {
  const holder = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.docHash, docHash))
    .get()
  if (holder !== undefined && holder.id !== exceptPersonId) throw documentTaken()
}

/** An account has at most one person who is the account holder. */
export async function assertNoOtherSelf(
  db: Database,
  accountId: string,
  exceptPersonId: string | null,
): Promise<void> {
  const self = await db
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.accountId, accountId),
        eq(people.relationship, 'self'),
        exceptPersonId === null ? undefined : ne(people.id, exceptPersonId),
      ),
    )
    .get()
  if (self !== undefined) {
    throw new GreenGateError(
      'CONFLICT',
      'This account already has a person whose relationship is self',
    )
  }
}

/** Runs a write that a concurrent registration of the same document may beat. */
export async function guardDocumentRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (isUniqueViolation(err, 'people.doc_hash')) throw documentTaken()
    throw err
  }
}

export function personSummary(row: PersonViewSource): PersonSummary {
  return {
    id: row.id,
    relationship: row.relationship as Relationship,
    name: row.name,
    nameMasked: row.nameMasked,
    document: { type: row.docType as IdentityDocument['type'], masked: row.docMasked },
    status: row.status,
    colour: row.colour,
    validUntil: row.validUntil,
    updatedAt: row.updatedAt,
  }
}

export function personView(row: PersonViewSource): Person {
  return {
    ...personSummary(row),
    address: row.address,
    workplace: row.workplace,
    createdAt: row.createdAt,
  }
}

function documentTaken(): GreenGateError {
  return new GreenGateError(
    'DOCUMENT_TAKEN',
    'This document is already registered for another person',
  )
}
