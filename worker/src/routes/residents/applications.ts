// A person's applications: submit a new version, list them, read one.
import {
  applicationListSchema,
  applicationSchema,
  applicationSubmitSchema,
  GreenGateError,
} from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import {
  applicationView,
  findApplication,
  listApplications,
} from '../../services/application-view.ts'
import { submitApplication } from '../../services/applications.ts'
import { findOwnPerson } from '../../services/people.ts'
import { idParam, personParams } from './people.ts'
import { tellGatesLater } from './resident-context.ts'

export const residentApplicationRoutes = [
  defineRoute({
    method: 'post',
    path: '/people/:personId/applications',
    summary: 'Submit details and a health declaration for review: a new version, pending',
    tag: 'residents',
    access: 'resident',
    params: personParams,
    body: applicationSubmitSchema,
    response: applicationSchema,
    status: 201,
    handler: async (c, { params, body }) => {
      const accountId = c.get('resident').accountId
      const input = { details: body.details, declaration: body.declaration }
      const result = await submitApplication(
        primary(c.env),
        c.get('config'),
        accountId,
        params.personId,
        input,
        nowSeconds(),
      )
      if (result.revokedCodes) tellGatesLater(c)
      return result.application
    },
  }),
  defineRoute({
    method: 'get',
    path: '/people/:personId/applications',
    summary: "A person's application versions, newest first",
    tag: 'residents',
    access: 'resident',
    params: personParams,
    response: applicationListSchema,
    handler: async (c, { params }) => {
      const db = primary(c.env)
      const person = await findOwnPerson(db, c.get('resident').accountId, params.personId)
      return { applications: await listApplications(db, person.id) }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/people/:personId/applications/:applicationId',
    summary: 'One application version, with its declaration and decision',
    tag: 'residents',
    access: 'resident',
    params: z.strictObject({ personId: idParam, applicationId: idParam }),
    response: applicationSchema,
    handler: async (c, { params }) => {
      const db = primary(c.env)
      const person = await findOwnPerson(db, c.get('resident').accountId, params.personId)
      const row = await findApplication(db, person.id, params.applicationId)
      if (row === undefined)
        throw new GreenGateError('NOT_FOUND', 'No such application for this person')
      return applicationView(row)
    },
  }),
]
