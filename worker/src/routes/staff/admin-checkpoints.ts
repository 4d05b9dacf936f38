// Admin: checkpoints and the gate devices enrolled at them.
import {
  checkpointAnswerSchema,
  checkpointListSchema,
  checkpointParamsSchema,
  createCheckpointRequestSchema,
  deviceAnswerSchema,
  deviceListQuerySchema,
  deviceListSchema,
  deviceParamsSchema,
  enrolDeviceRequestSchema,
  enrolledDeviceSchema,
  updateCheckpointRequestSchema,
} from '@greengate/shared'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import {
  createCheckpoint,
  listCheckpoints,
  updateCheckpoint,
} from '../../services/checkpoint-admin.ts'
import { enrolDevice, listDevices, revokeDevice } from '../../services/device-admin.ts'
import { dropDeviceConnections } from './tell-gates.ts'

export const adminCheckpointRoutes = [
  defineRoute({
    method: 'get',
    path: '/admin/checkpoints',
    summary: 'Every checkpoint with its policy',
    tag: 'admin',
    access: 'admin',
    response: checkpointListSchema,
    handler: async (c) => ({ checkpoints: await listCheckpoints(primary(c.env)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/checkpoints',
    summary: 'Create a checkpoint',
    tag: 'admin',
    access: 'admin',
    body: createCheckpointRequestSchema,
    response: checkpointAnswerSchema,
    status: 201,
    handler: async (c, { body }) => ({
      checkpoint: await createCheckpoint(
        primary(c.env),
        c.get('staff').staffId,
        body,
        nowSeconds(),
      ),
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/admin/checkpoints/:checkpointId',
    summary: "Change a checkpoint's name, address or policy (the policy is replaced whole)",
    tag: 'admin',
    access: 'admin',
    params: checkpointParamsSchema,
    body: updateCheckpointRequestSchema,
    response: checkpointAnswerSchema,
    handler: async (c, { params, body }) => ({
      checkpoint: await updateCheckpoint(
        primary(c.env),
        c.get('staff').staffId,
        params.checkpointId,
        body,
        nowSeconds(),
      ),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/checkpoints/:checkpointId/devices',
    summary: 'Enrol a gate device; its credential is in this answer and nowhere else',
    tag: 'admin',
    access: 'admin',
    params: checkpointParamsSchema,
    body: enrolDeviceRequestSchema,
    response: enrolledDeviceSchema,
    status: 201,
    handler: async (c, { params, body }) =>
      enrolDevice(
        primary(c.env),
        c.get('staff').staffId,
        params.checkpointId,
        body.name,
        nowSeconds(),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/admin/devices',
    summary: 'Gate devices with their last heartbeat: cache age, outbox depth, alarms',
    tag: 'admin',
    access: 'admin',
    query: deviceListQuerySchema,
    response: deviceListSchema,
    handler: async (c, { query }) => ({
      devices: await listDevices(primary(c.env), query.checkpointId, nowSeconds()),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/devices/:deviceId/revoke',
    summary: "Revoke a gate device's credential",
    tag: 'admin',
    access: 'admin',
    params: deviceParamsSchema,
    response: deviceAnswerSchema,
    handler: async (c, { params }) => {
      const staffId = c.get('staff').staffId
      const device = await revokeDevice(primary(c.env), staffId, params.deviceId, nowSeconds())
      dropDeviceConnections(c, device.id)
      return { device }
    },
  }),
]
