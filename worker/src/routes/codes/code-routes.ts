// A resident's codes: the phone code (refreshed every few minutes) and printed passes.
import { issuedCodeSchema } from '@greengate/shared'
import { z } from 'zod'
import { defineRoute } from '../../http/route.ts'
import { fetchCurrentCode } from '../../services/code-fetch.ts'
import { issuePrintedPass } from '../../services/printed-pass.ts'

const personParams = z.strictObject({
  personId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a person id'),
})

export const codeRoutes = [
  defineRoute({
    method: 'get',
    path: '/people/:personId/code',
    summary: "The person's current code (one read, no write): show qrText as a QR symbol",
    tag: 'codes',
    access: 'bearer',
    params: personParams,
    response: issuedCodeSchema,
    handler: async (c, { params }) => {
      const code = await fetchCurrentCode(
        c.env,
        c.get('config'),
        c.get('bearerHash'),
        params.personId,
      )
      c.header('cache-control', 'no-store')
      return code
    },
  }),
  defineRoute({
    method: 'post',
    path: '/people/:personId/printed-pass',
    summary:
      'A printable pass for someone without a phone: lives days; revoking the person kills it',
    tag: 'codes',
    access: 'resident',
    params: personParams,
    response: issuedCodeSchema,
    status: 201,
    handler: async (c, { params }) => {
      const pass = await issuePrintedPass(
        c.env,
        c.get('config'),
        c.get('resident').accountId,
        params.personId,
      )
      c.header('cache-control', 'no-store')
      return pass
    },
  }),
]
