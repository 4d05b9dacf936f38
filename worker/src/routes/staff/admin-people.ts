// Admin: find people, read their history, revoke them or one code, change colours in bulk.
import {
  GreenGateError,
  adminPersonDetailSchema,
  codeParamsSchema,
  codeRevokedSchema,
  colourChangePreviewRequestSchema,
  colourChangePreviewSchema,
  colourChangeRequestSchema,
  colourChangeResultSchema,
  peopleSearchRequestSchema,
  peopleSearchResultSchema,
  personParamsSchema,
  personRevokedSchema,
  revokeCodeRequestSchema,
  revokePersonRequestSchema,
  type IdentityDocument,
} from '@greengate/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import type { AppEnv } from '../../http/app-env.ts'
import { defineRoute } from '../../http/route.ts'
import { revokeCode, revokePerson } from '../../services/admin-revocation.ts'
import { applyColourChange, previewColourChange } from '../../services/colour-change.ts'
import {
  personDetail,
  searchPeople,
  type PeopleSearch,
  type Viewer,
} from '../../services/people-admin.ts'
import { tellGates } from './tell-gates.ts'

const noQuerySchema = z.strictObject({})

export const adminPeopleRoutes = [
  defineRoute({
    method: 'post',
    path: '/admin/people/search',
    summary:
      'Find people by exact document or account phone, sent in the body (never in the URL); masked',
    tag: 'admin',
    access: 'admin',
    // Request logs and browser history keep URLs: a number put there is refused, not ignored.
    query: noQuerySchema,
    body: peopleSearchRequestSchema,
    response: peopleSearchResultSchema,
    handler: async (c, { body }) => ({
      people: await searchPeople(primary(c.env), c.get('config'), viewerOf(c), searchOf(body)),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/admin/people/:personId',
    summary: 'A person, masked, with status history and application versions',
    tag: 'admin',
    access: 'admin',
    params: personParamsSchema,
    response: adminPersonDetailSchema,
    handler: async (c, { params }) => personDetail(primary(c.env), viewerOf(c), params.personId),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/people/:personId/revoke',
    summary:
      'Revoke a person: every code issued until now dies, printed passes too; ' +
      'an application waiting for review is closed (the person applies again)',
    tag: 'admin',
    access: 'admin',
    params: personParamsSchema,
    body: revokePersonRequestSchema,
    response: personRevokedSchema,
    handler: async (c, { params, body }) => {
      const answer = await revokePerson(
        primary(c.env),
        c.get('staff').staffId,
        params.personId,
        body.reason,
        nowSeconds(),
      )
      tellGates(c)
      return answer
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/codes/:jti/revoke',
    summary: 'Revoke one code or printed pass by its id',
    tag: 'admin',
    access: 'admin',
    params: codeParamsSchema,
    body: revokeCodeRequestSchema,
    response: codeRevokedSchema,
    handler: async (c, { params, body }) => {
      const answer = await revokeCode(
        primary(c.env),
        c.get('config'),
        c.get('staff').staffId,
        { jti: params.jti, ...body },
        nowSeconds(),
      )
      tellGates(c)
      return answer
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/colour-changes/preview',
    summary:
      'How many people passed a checkpoint in a window, and how many a colour change would touch',
    tag: 'admin',
    access: 'admin',
    body: colourChangePreviewRequestSchema,
    response: colourChangePreviewSchema,
    handler: async (c, { body }) => previewColourChange(primary(c.env), body),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/colour-changes',
    summary:
      'Give everyone who passed a checkpoint in a window a colour; a stricter one kills codes',
    tag: 'admin',
    access: 'admin',
    body: colourChangeRequestSchema,
    response: colourChangeResultSchema,
    handler: async (c, { body }) => {
      const { feedGrew, ...answer } = await applyColourChange(
        primary(c.env),
        c.get('staff').staffId,
        body,
        nowSeconds(),
      )
      if (feedGrew) tellGates(c)
      return answer
    },
  }),
]

/** Reading people is audited: who reads, and when. */
function viewerOf(c: Context<AppEnv>): Viewer {
  return { staffId: c.get('staff').staffId, now: nowSeconds() }
}

/** The body's one key; the schema has already refused none or both. */
function searchOf(body: {
  document?: IdentityDocument | undefined
  phone?: string | undefined
}): PeopleSearch {
  if (body.document !== undefined) return { document: body.document }
  if (body.phone !== undefined) return { phone: body.phone }
  throw new GreenGateError('VALIDATION_FAILED', 'Search by exactly one of document and phone')
}
