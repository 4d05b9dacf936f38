// The signed-in resident's account, and moving it to a new mobile number.
import {
  accountSchema,
  changePhoneOtpRequestSchema,
  changePhoneRequestSchema,
  otpSentSchema,
} from '@greengate/shared'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { changePhone, getAccount, requestPhoneChangeOtp } from '../../services/resident-auth.ts'
import { clientAddress, rateLimitedResponse, residentDeps } from './resident-context.ts'

export const residentMeRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'The signed-in account (its number masked)',
    tag: 'residents',
    access: 'resident',
    response: accountSchema,
    handler: async (c) => getAccount(primary(c.env), c.get('resident').accountId),
  }),
  defineRoute({
    method: 'post',
    path: '/me/phone/otp',
    summary: 'Send a code to the new number before moving the account to it',
    tag: 'residents',
    access: 'resident',
    body: changePhoneOtpRequestSchema,
    response: otpSentSchema,
    status: 202,
    handler: async (c, { body }) => {
      const accountId = c.get('resident').accountId
      const result = await requestPhoneChangeOtp(
        residentDeps(c),
        accountId,
        body.newPhone,
        clientAddress(c),
        nowSeconds(),
      )
      return 'sent' in result ? result : rateLimitedResponse(c, result.retryAfterSeconds)
    },
  }),
  defineRoute({
    method: 'post',
    path: '/me/phone',
    summary:
      'Move the account to the new number, confirmed by the code sent to it; ' +
      'people and history stay',
    tag: 'residents',
    access: 'resident',
    body: changePhoneRequestSchema,
    response: accountSchema,
    handler: async (c, { body }) =>
      changePhone(
        residentDeps(c),
        c.get('resident').accountId,
        body.newPhone,
        body.code,
        nowSeconds(),
      ),
  }),
]
