// Admin: the audit log and the dashboard's figures.
import { auditPageSchema, auditQuerySchema, statsSchema } from '@greengate/shared'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { readAuditPage } from '../../services/audit-log.ts'
import { readStats } from '../../services/dashboard-stats.ts'

export const adminConsoleRoutes = [
  defineRoute({
    method: 'get',
    path: '/admin/audit',
    summary: 'Staff actions, newest first',
    tag: 'admin',
    access: 'admin',
    query: auditQuerySchema,
    response: auditPageSchema,
    handler: async (c, { query }) => readAuditPage(primary(c.env), query),
  }),
  defineRoute({
    method: 'get',
    path: '/admin/stats',
    summary:
      'Dashboard: applications by status, passes per checkpoint and hour, refusals by reason',
    tag: 'admin',
    access: 'admin',
    response: statsSchema,
    handler: async (c) => readStats(primary(c.env), nowSeconds()),
  }),
]
