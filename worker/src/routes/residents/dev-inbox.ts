// GET /dev/sms-inbox: the messages the development SMS sender kept. Absent in production.
import { GreenGateError, mobilePhoneSchema } from '@greengate/shared'
import { desc, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { z } from 'zod'
import { primary } from '../../db/client.ts'
import { devSmsInbox } from '../../db/schema.ts'
import type { AppEnv } from '../../http/app-env.ts'
import { defineRoute } from '../../http/route.ts'
import { parseWith } from '../../http/validate.ts'
import { devInboxEnabled } from '../../sms/select-sender.ts'

const DEV_INBOX_LIMIT = 20
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
/** Top-level domains reserved for testing and loopback (RFC 2606, RFC 6761): never public. */
const RESERVED_TLDS = ['.test', '.localhost']
const inboxQuery = z.strictObject({ phone: mobilePhoneSchema })

export const devInboxRoutes = [
  defineRoute({
    method: 'get',
    path: '/dev/sms-inbox',
    summary:
      'Development and test only: the newest SMS kept for ?phone= (no such route in production)',
    tag: 'development',
    access: 'public',
    response: z.strictObject({
      messages: z.array(z.strictObject({ message: z.string(), sentAt: z.int() })),
    }),
    handler: async (c) => {
      // Routes are mounted before the environment is known, so production answers exactly
      // like an unknown path, before even looking at the query.
      if (!devInboxEnabled(c.get('config')) || !readableHere(c)) {
        throw new GreenGateError('NOT_FOUND', 'No such route')
      }
      const query = parseWith(inboxQuery, c.req.query(), 'query')

      const messages = await primary(c.env)
        .select({ message: devSmsInbox.message, sentAt: devSmsInbox.createdAt })
        .from(devSmsInbox)
        .where(eq(devSmsInbox.phone, query.phone))
        .orderBy(desc(devSmsInbox.createdAt), desc(sql`rowid`))
        .limit(DEV_INBOX_LIMIT)
      return { messages }
    },
  }),
]

/**
 * wrangler.toml says ENVIRONMENT = "development" so that `npm start` works, and a deploy
 * that forgets to change it would otherwise hand anyone every sign-in code. The inbox
 * answers only on a loopback host (what `wrangler dev` serves) or a reserved test domain
 * (the tests' `gg.test`): names no request from the internet can reach a Worker by.
 */
function readableHere(c: Context<AppEnv>): boolean {
  const host = new URL(c.req.url).hostname
  return LOOPBACK_HOSTS.has(host) || RESERVED_TLDS.some((tld) => host.endsWith(tld))
}
