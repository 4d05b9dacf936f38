// Resident sign-in with an SMS one-time code, and sign-out.
import {
  loginRequestSchema,
  otpRequestSchema,
  otpSentSchema,
  residentSessionSchema,
} from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { loginWithOtp, logout, requestLoginOtp } from '../../services/resident-auth.ts'
import { clientAddress, rateLimitedResponse, residentDeps } from './resident-context.ts'

export const residentAuthRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/otp',
    summary:
      'Send a 6-digit sign-in code by SMS (same answer whether or not the number has an account)',
    tag: 'residents',
    access: 'public',
    body: otpRequestSchema,
    response: otpSentSchema,
    status: 202,
    handler: async (c, { body }) => {
      const result = await requestLoginOtp(
        residentDeps(c),
        body.phone,
        clientAddress(c),
        nowSeconds(),
      )
      return 'sent' in result ? result : rateLimitedResponse(c, result.retryAfterSeconds)
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with the code; the first sign-in creates the account. Sessions last 30 days',
    tag: 'residents',
    access: 'public',
    body: loginRequestSchema,
    response: residentSessionSchema,
    handler: async (c, { body }) =>
      loginWithOtp(residentDeps(c), body.phone, body.code, nowSeconds()),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    summary: 'End this resident session',
    tag: 'residents',
    access: 'resident',
    response: z.strictObject({ ok: z.literal(true) }),
    handler: async (c) => {
      await logout(primary(c.env), c.get('bearerHash'))
      return { ok: true as const }
    },
  }),
]
