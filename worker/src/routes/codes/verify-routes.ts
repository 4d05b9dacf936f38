// Online verification, for handhelds and gates without a cache.
import { verifyRequestSchema, verifyResultSchema } from '@greengate/shared'
import { defineRoute } from '../../http/route.ts'
import { readVerifyFacts, verifyOnline } from '../../services/online-verify.ts'

export const verifyRoutes = [
  defineRoute({
    method: 'post',
    path: '/verify',
    // Handhelds are enrolled as devices of their checkpoint, like gates: checkpoint staff
    // have no staff account, and the checkpoint's policy must come from the credential.
    summary:
      "Verify a scanned code against the device's checkpoint policy; a refusal names its reason",
    tag: 'codes',
    access: 'device',
    // The credential is checked in the route's one statement, beside the revocations.
    deviceLookup: 'handler',
    body: verifyRequestSchema,
    response: verifyResultSchema,
    handler: async (c, { body }) => {
      c.header('cache-control', 'no-store')
      const facts = await readVerifyFacts(c.env, c.get('bearerHash'), body.code)
      c.set('device', facts.device)
      return verifyOnline(c.env, c.get('config'), facts, body)
    },
  }),
]
