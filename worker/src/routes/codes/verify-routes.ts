// Online verification, for handhelds and gates without a cache.
import { verifyRequestSchema, verifyResultSchema } from '@greengate/shared'
import { defineRoute } from '../../http/route.ts'
import { verifyOnline } from '../../services/online-verify.ts'

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
    body: verifyRequestSchema,
    response: verifyResultSchema,
    handler: async (c, { body }) => {
      c.header('cache-control', 'no-store')
      return verifyOnline(c.env, c.get('config'), c.get('device'), body)
    },
  }),
]
