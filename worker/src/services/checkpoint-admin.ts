// Checkpoints as admins manage them: name, address and the policy their gates apply.
import {
  checkpointPolicySchema,
  GreenGateError,
  randomId,
  type Checkpoint,
  type CheckpointPolicy,
} from '@greengate/shared'
import { asc, eq } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { checkpoints } from '../db/schema.ts'
import { auditInsert } from './audit.ts'

type CheckpointRow = typeof checkpoints.$inferSelect

export interface CheckpointInput {
  name?: string | undefined
  address?: string | undefined
  policy?: CheckpointPolicy | undefined
}

export async function listCheckpoints(db: Database): Promise<Checkpoint[]> {
  const rows = await db
    .select()
    .from(checkpoints)
    .orderBy(asc(checkpoints.name), asc(checkpoints.id))
    .all()
  return rows.map(checkpointView)
}

export async function createCheckpoint(
  db: Database,
  actorId: string,
  input: CheckpointInput & { name: string },
  now: number,
): Promise<Checkpoint> {
  const row: CheckpointRow = {
    id: randomId(12),
    name: input.name,
    address: input.address ?? '',
    policy: JSON.stringify(input.policy ?? checkpointPolicySchema.parse({})),
    createdAt: now,
    updatedAt: now,
  }
  await db.batch([
    db.insert(checkpoints).values(row),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'checkpoint.create',
      targetType: 'checkpoint',
      targetId: row.id,
      details: { name: row.name },
    }),
  ])
  return checkpointView(row)
}

export async function updateCheckpoint(
  db: Database,
  actorId: string,
  checkpointId: string,
  input: CheckpointInput,
  now: number,
): Promise<Checkpoint> {
  const row = await findCheckpoint(db, checkpointId)
  const changes: Partial<CheckpointRow> = { updatedAt: now }
  if (input.name !== undefined) changes.name = input.name
  if (input.address !== undefined) changes.address = input.address
  if (input.policy !== undefined) changes.policy = JSON.stringify(input.policy)

  await db.batch([
    db.update(checkpoints).set(changes).where(eq(checkpoints.id, checkpointId)),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'checkpoint.update',
      targetType: 'checkpoint',
      targetId: checkpointId,
      details: {
        changed: Object.keys(input).sort(),
        ...(input.policy === undefined ? {} : flatPolicy(input.policy)),
      },
    }),
  ])
  return checkpointView({ ...row, ...changes })
}

export async function findCheckpoint(db: Database, checkpointId: string): Promise<CheckpointRow> {
  const row = await db.select().from(checkpoints).where(eq(checkpoints.id, checkpointId)).get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such checkpoint')
  return row
}

function checkpointView(row: CheckpointRow): Checkpoint {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    policy: storedPolicy(row.policy),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** A policy written by this code always parses; a damaged one falls back to the strictest. */
function storedPolicy(json: string): CheckpointPolicy {
  try {
    return checkpointPolicySchema.parse(JSON.parse(json))
  } catch {
    return {
      allowedColours: ['green'],
      acceptsPrinted: false,
      staffed: false,
      antiPassbackSeconds: 30,
    }
  }
}

/** The new policy in the audit row, so a later reader sees what it became. */
function flatPolicy(policy: CheckpointPolicy) {
  return {
    allowedColours: policy.allowedColours,
    acceptsPrinted: policy.acceptsPrinted,
    staffed: policy.staffed,
    antiPassbackSeconds: policy.antiPassbackSeconds,
  }
}
