// Admin: staff accounts.
import {
  createStaffRequestSchema,
  staffAccountAnswerSchema,
  staffListSchema,
  updateStaffRequestSchema,
} from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { createStaffAccount, listStaff, updateStaffAccount } from '../../services/staff-accounts.ts'

const staffParams = z.strictObject({
  staffId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an id'),
})

export const adminStaffRoutes = [
  defineRoute({
    method: 'get',
    path: '/admin/staff',
    summary: 'Every staff account',
    tag: 'admin',
    access: 'admin',
    response: staffListSchema,
    handler: async (c) => ({ staff: await listStaff(primary(c.env)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/staff',
    summary: 'Create a reviewer or admin account',
    tag: 'admin',
    access: 'admin',
    body: createStaffRequestSchema,
    response: staffAccountAnswerSchema,
    status: 201,
    handler: async (c, { body }) => ({
      staff: await createStaffAccount(primary(c.env), c.get('staff').staffId, body, nowSeconds()),
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/admin/staff/:staffId',
    summary:
      'Change a staff account: name, role, disabled, or reset its password (ends its sessions)',
    tag: 'admin',
    access: 'admin',
    params: staffParams,
    body: updateStaffRequestSchema,
    response: staffAccountAnswerSchema,
    handler: async (c, { params, body }) => ({
      staff: await updateStaffAccount(
        primary(c.env),
        c.get('staff').staffId,
        params.staffId,
        body,
        nowSeconds(),
      ),
    }),
  }),
]
