// Staff sign-in, sign-out and "who am I" for the reviewer and admin console.
import { staffLoginRequestSchema, staffMeSchema, staffSessionSchema } from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { signInStaff, signOutStaff, staffProfile } from '../../services/staff-auth.ts'
import { clientAddress } from './client-address.ts'

export const staffSessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/staff/login',
    summary: 'Sign in as a reviewer or admin; answers a session token valid for 12 hours',
    tag: 'staff',
    access: 'public',
    body: staffLoginRequestSchema,
    response: staffSessionSchema,
    handler: async (c, { body }) =>
      signInStaff(
        primary(c.env),
        c.get('config'),
        { ...body, address: clientAddress(c) },
        nowSeconds(),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/staff/logout',
    summary: 'End this staff session',
    tag: 'staff',
    access: 'reviewer',
    response: z.strictObject({ ok: z.literal(true) }),
    handler: async (c) => {
      await signOutStaff(primary(c.env), c.get('bearerHash'))
      return { ok: true as const }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/staff/me',
    summary: 'The signed-in staff account',
    tag: 'staff',
    access: 'reviewer',
    response: staffMeSchema,
    handler: async (c) => ({ staff: await staffProfile(primary(c.env), c.get('staff').staffId) }),
  }),
]
