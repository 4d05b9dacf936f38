// Liveness: answers without touching the database.
import { z } from 'zod'
import { defineRoute } from '../http/route.ts'

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Liveness check',
    tag: 'system',
    access: 'public',
    response: z.object({ ok: z.literal(true), issuer: z.string() }),
    handler: async (c) => ({ ok: true as const, issuer: c.get('config').issuer }),
  }),
]
