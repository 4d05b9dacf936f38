// A gate's own API: its settings, its pass records and its heartbeat. Everything is
// scoped by the device credential; nothing in a body names a device or checkpoint.
import {
  deviceConfigSchema,
  heartbeatReceiptSchema,
  heartbeatSchema,
  MAX_PASS_EVENT_BATCH,
  passEventBatchSchema,
  passEventReceiptSchema,
} from '@greengate/shared'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { deviceConfigOf, recordHeartbeat } from '../../services/device-status.ts'
import { storePassEvents } from '../../services/pass-events.ts'

export const deviceRoutes = [
  defineRoute({
    method: 'get',
    path: '/device/config',
    summary: "The device's checkpoint and policy, the issuer, clock hints and feed settings",
    tag: 'device',
    access: 'device',
    response: deviceConfigSchema,
    handler: async (c) => deviceConfigOf(primary(c.env), c.get('config'), c.get('device')),
  }),
  defineRoute({
    method: 'post',
    path: '/device/pass-events',
    summary: `Upload up to ${MAX_PASS_EVENT_BATCH} pass records; a retry is stored once (by id)`,
    tag: 'device',
    access: 'device',
    body: passEventBatchSchema,
    response: passEventReceiptSchema,
    handler: async (c, { body }) => storePassEvents(c.env.DB, c.get('device'), body, nowSeconds()),
  }),
  defineRoute({
    method: 'post',
    path: '/device/heartbeat',
    summary: "Report the gate's health; the answer carries the edge's clock for its offset",
    tag: 'device',
    access: 'device',
    body: heartbeatSchema,
    response: heartbeatReceiptSchema,
    handler: async (c, { body }) => recordHeartbeat(primary(c.env), c.get('device'), body),
  }),
]
