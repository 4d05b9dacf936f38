// Admin revocations: a whole person (every code issued so far, printed passes too) or one code.
import { GreenGateError, randomId } from '@greengate/shared'
import { and, eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { applications, people, statusEvents } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { feedInserts } from './feed-writer.ts'

/**
 * The person can no longer fetch codes, and every code issued at or before
 * now dies at every gate (a subject_revoked feed entry). An application still
 * waiting for review is closed as superseded, in the same batch: a reviewer
 * approving it would undo the revocation, so the person must apply again.
 * Callers tell the gates.
 */
export async function revokePerson(
  db: Database,
  actorId: string,
  personId: string,
  reason: string,
  now: number,
): Promise<{ personId: string; revokedThrough: number }> {
  const row = await db
    .select({ subject: people.subject, status: people.status })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such person')
  if (row.status === 'revoked')
    throw new GreenGateError('CONFLICT', 'This person is already revoked')

  await db.batch([
    db
      .update(people)
      .set({ status: 'revoked', revokedThrough: now, updatedAt: now })
      .where(eq(people.id, personId)),
    db
      .update(applications)
      .set({ status: 'superseded' })
      .where(and(eq(applications.personId, personId), eq(applications.status, 'pending'))),
    db.insert(statusEvents).values({
      id: randomId(16),
      personId,
      at: now,
      status: 'revoked',
      colour: null,
      reason,
      actor: `staff:${actorId}`,
    }),
    ...feedInserts(db, now, [
      { kind: 'subject_revoked', subject: row.subject, revokedThrough: now },
    ]),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'person.revoke',
      targetType: 'person',
      targetId: personId,
      details: { reason, previousStatus: row.status },
    }),
  ])
  return { personId, revokedThrough: now }
}

/**
 * One code dies at every gate (a code_revoked feed entry). `expiresAt` is the
 * code's own expiry: gates forget the entry after it, so it must lie ahead.
 */
export async function revokeCode(
  db: Database,
  config: Config,
  actorId: string,
  input: { jti: string; expiresAt: number; reason: string },
  now: number,
): Promise<{ jti: string; expiresAt: number }> {
  // No code we issue lives longer than a printed pass.
  const latest = now + config.printedPassTtlSeconds
  if (input.expiresAt <= now || input.expiresAt > latest) {
    throw new GreenGateError(
      'VALIDATION_FAILED',
      'expiresAt must be the expiry of a code still alive',
      {
        fields: [
          {
            path: 'expiresAt',
            code: input.expiresAt <= now ? 'too_small' : 'too_big',
            message:
              input.expiresAt <= now ? 'This code has expired already' : 'No code lives that long',
          },
        ],
      },
    )
  }

  await db.batch([
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'code.revoke',
      targetType: 'code',
      targetId: input.jti,
      details: { expiresAt: input.expiresAt, reason: input.reason },
    }),
    ...feedInserts(db, now, [{ kind: 'code_revoked', jti: input.jti, expiresAt: input.expiresAt }]),
  ])
  return { jti: input.jti, expiresAt: input.expiresAt }
}
