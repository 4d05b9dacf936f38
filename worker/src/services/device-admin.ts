// Gate devices as admins see them: enrolment (credential shown once), health, revocation.
import {
  deviceHealthSchema,
  GreenGateError,
  randomId,
  type Device,
  type EnrolledDevice,
} from '@greengate/shared'
import { asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { sha256 } from '../crypto/digest.ts'
import { newToken } from '../crypto/tokens.ts'
import type { Database } from '../db/client.ts'
import { devices } from '../db/schema.ts'
import { auditInsert } from './audit.ts'
import { findCheckpoint } from './checkpoint-admin.ts'

type DeviceRow = typeof devices.$inferSelect

// The heartbeat column holds what the gate last reported, maybe with fields the
// edge added; only the ones the console shows are read, extra ones are ignored.
const storedHeartbeatSchema = z.object(deviceHealthSchema.shape)

export async function enrolDevice(
  db: Database,
  actorId: string,
  checkpointId: string,
  name: string,
  now: number,
): Promise<EnrolledDevice> {
  await findCheckpoint(db, checkpointId)
  const credential = newToken('gd')
  const row: DeviceRow = {
    id: randomId(12),
    checkpointId,
    name,
    credentialHash: await sha256(credential),
    createdAt: now,
    revokedAt: null,
    lastHeartbeatAt: null,
    heartbeat: null,
  }
  await db.batch([
    db.insert(devices).values(row),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'device.enrol',
      targetType: 'device',
      targetId: row.id,
      details: { checkpointId, name },
    }),
  ])
  return { device: deviceView(row, now), credential }
}

export async function listDevices(
  db: Database,
  checkpointId: string | undefined,
  now: number,
): Promise<Device[]> {
  const rows = await db
    .select()
    .from(devices)
    .where(checkpointId === undefined ? undefined : eq(devices.checkpointId, checkpointId))
    .orderBy(asc(devices.checkpointId), asc(devices.name), asc(devices.id))
    .all()
  return rows.map((row) => deviceView(row, now))
}

/** The device's credential stops working at once; its pass records stay. */
export async function revokeDevice(
  db: Database,
  actorId: string,
  deviceId: string,
  now: number,
): Promise<Device> {
  const row = await db.select().from(devices).where(eq(devices.id, deviceId)).get()
  if (row === undefined) throw new GreenGateError('NOT_FOUND', 'No such device')
  if (row.revokedAt !== null) throw new GreenGateError('CONFLICT', 'This device is already revoked')

  await db.batch([
    db.update(devices).set({ revokedAt: now }).where(eq(devices.id, deviceId)),
    auditInsert(db, {
      staffId: actorId,
      at: now,
      action: 'device.revoke',
      targetType: 'device',
      targetId: deviceId,
      details: { checkpointId: row.checkpointId },
    }),
  ])
  return deviceView({ ...row, revokedAt: now }, now)
}

function deviceView(row: DeviceRow, now: number): Device {
  return {
    id: row.id,
    checkpointId: row.checkpointId,
    name: row.name,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastHeartbeatAt: row.lastHeartbeatAt,
    heartbeatAgeSeconds:
      row.lastHeartbeatAt === null ? null : Math.max(0, now - row.lastHeartbeatAt),
    health: storedHealth(row.heartbeat),
  }
}

function storedHealth(json: string | null): Device['health'] {
  if (json === null) return null
  try {
    const result = storedHeartbeatSchema.safeParse(JSON.parse(json))
    return result.success ? result.data : null
  } catch {
    return null
  }
}
