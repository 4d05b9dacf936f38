// The revocation feed for gates: deltas, a folded snapshot, and the live push channel.
import {
  FEED_LIVE_PROTOCOL,
  GreenGateError,
  feedNoticeSchema,
  feedPageSchema,
  feedSnapshotPageSchema,
} from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary, replica } from '../../db/client.ts'
import { connectToHub } from '../../feed/hub-client.ts'
import { defineRoute } from '../../http/route.ts'
import { DEFAULT_FEED_PAGE, MAX_FEED_PAGE, readFeedPage } from '../../services/device-feed.ts'
import {
  DEFAULT_SNAPSHOT_PAGE,
  MAX_SNAPSHOT_PAGE,
  SNAPSHOT_CURSOR,
  readSnapshotPage,
} from '../../services/feed-snapshot.ts'

const count = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'Expected a whole number')
    .transform(Number)
    .pipe(z.int().min(1).max(max))
    .default(fallback)
    .meta({ description: `Page size, 1-${max}; ${fallback} if left out` })

export const feedRoutes = [
  defineRoute({
    method: 'get',
    path: '/device/feed',
    summary: 'Feed entries after `since`, oldest first, paged',
    tag: 'device',
    access: 'device',
    query: z.strictObject({
      since: z
        .string()
        .regex(/^\d{1,15}$/, 'Expected a sequence number')
        .transform(Number)
        .default(0)
        .meta({
          description: 'The last seq the gate holds (nextSince of its last page); 0 if none',
        }),
      limit: count(MAX_FEED_PAGE, DEFAULT_FEED_PAGE),
    }),
    response: feedPageSchema,
    handler: async (c, { query }) => readFeedPage(replica(c.env), query.since, query.limit),
  }),
  defineRoute({
    method: 'get',
    path: '/device/feed/snapshot',
    summary: 'The feed folded into current state, for a new gate; then read deltas since asOfSeq',
    tag: 'device',
    access: 'device',
    query: z.strictObject({
      cursor: z
        .string()
        .regex(SNAPSHOT_CURSOR, 'Not a cursor this API gave')
        .optional()
        .meta({ description: 'nextCursor of the previous page; left out for the first page' }),
      limit: count(MAX_SNAPSHOT_PAGE, DEFAULT_SNAPSHOT_PAGE),
    }),
    response: feedSnapshotPageSchema,
    // The primary, not a replica: every page must see the feed as of the first page's
    // seq, and two replicas may lag differently. Snapshots are rare (new gates).
    handler: async (c, { query }) =>
      readSnapshotPage(primary(c.env), query.cursor, query.limit, nowSeconds()),
  }),
  defineRoute({
    method: 'get',
    path: '/device/feed/live',
    summary:
      'WebSocket: a notice {type:"feed", latestSeq} on connect and whenever the feed grows. ' +
      'Authenticate with the Authorization header, or offer the subprotocols ' +
      `"${FEED_LIVE_PROTOCOL}" and "bearer.<credential>"; send "ping" to keep it alive ("pong")`,
    tag: 'device',
    access: 'device',
    response: feedNoticeSchema.meta({ websocket: true }),
    handler: async (c) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new GreenGateError('VALIDATION_FAILED', 'Connect with a WebSocket upgrade')
      }
      const offered = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim())
      return connectToHub(c.env, c.get('device').deviceId, offered.includes(FEED_LIVE_PROTOCOL))
    },
  }),
]
