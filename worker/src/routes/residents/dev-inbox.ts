// GET /dev/sms-inbox: the messages the development SMS sender kept. Absent in production.
import { GreenGateError, mobilePhoneSchema } from '@greengate/shared'
import { desc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { primary } from '../../db/client.ts'
import { devSmsInbox } from '../../db/schema.ts'
import { defineRoute } from '../../http/route.ts'
import { parseWith } from '../../http/validate.ts'
import { devInboxEnabled } from '../../sms/select-sender.ts'

const DEV_INBOX_LIMIT = 20
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
      if (!devInboxEnabled(c.get('config'))) throw new GreenGateError('NOT_FOUND', 'No such route')
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
