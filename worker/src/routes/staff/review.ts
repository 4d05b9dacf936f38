// The reviewer's queue and decisions (reviewers and admins).
import {
  approveRequestSchema,
  rejectRequestSchema,
  reviewDecisionSchema,
  reviewQueuePageSchema,
  reviewQueueQuerySchema,
} from '@greengate/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import type { AppEnv } from '../../http/app-env.ts'
import { defineRoute } from '../../http/route.ts'
import { readReviewQueue } from '../../services/review-queue.ts'
import { approvalEnd, decideApplication, type Decision } from '../../services/review-decision.ts'
import { tellGates } from './tell-gates.ts'

const applicationParams = z.strictObject({
  applicationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
})

export const reviewRoutes = [
  defineRoute({
    method: 'get',
    path: '/review/queue',
    summary: 'Applications to review, oldest first, with the declaration and a suggested colour',
    tag: 'review',
    access: 'reviewer',
    query: reviewQueueQuerySchema,
    response: reviewQueuePageSchema,
    handler: async (c, { query }) => readReviewQueue(primary(c.env), query),
  }),
  defineRoute({
    method: 'post',
    path: '/review/applications/:applicationId/approve',
    summary: 'Approve a pending application with a colour and a validity period',
    tag: 'review',
    access: 'reviewer',
    params: applicationParams,
    body: approveRequestSchema,
    response: reviewDecisionSchema,
    handler: async (c, { params, body }) => {
      const now = nowSeconds()
      const decision: Decision = {
        status: 'approved',
        colour: body.colour,
        validUntil: approvalEnd(body, now),
        note: body.note ?? null,
      }
      return decide(c, params.applicationId, decision, now)
    },
  }),
  defineRoute({
    method: 'post',
    path: '/review/applications/:applicationId/reject',
    summary: 'Reject a pending application with a reason the resident reads',
    tag: 'review',
    access: 'reviewer',
    params: applicationParams,
    body: rejectRequestSchema,
    response: reviewDecisionSchema,
    handler: async (c, { params, body }) =>
      decide(c, params.applicationId, { status: 'rejected', reason: body.reason }, nowSeconds()),
  }),
]

async function decide(c: Context<AppEnv>, applicationId: string, decision: Decision, now: number) {
  const { feedGrew, ...answer } = await decideApplication(
    primary(c.env),
    { applicationId, staffId: c.get('staff').staffId, decision },
    now,
  )
  if (feedGrew) tellGates(c)
  return answer
}
