// The people an account manages: add, list, read, change, and their history.
import {
  personDetailsSchema,
  personHistorySchema,
  personListSchema,
  personPatchSchema,
  personSchema,
} from '@greengate/shared'
import { z } from 'zod'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { personHistory } from '../../services/application-view.ts'
import {
  createPerson,
  findOwnPerson,
  listPeople,
  patchPerson,
  personView,
} from '../../services/people.ts'

/** Ids are random base64url; anything else simply is not found. */
export const idParam = z.string().min(1).max(64)
export const personParams = z.strictObject({ personId: idParam })

export const residentPeopleRoutes = [
  defineRoute({
    method: 'post',
    path: '/people',
    summary: 'Add the account holder or a dependant (a document may belong to one person only)',
    tag: 'residents',
    access: 'resident',
    body: personDetailsSchema,
    response: personSchema,
    status: 201,
    handler: async (c, { body }) =>
      createPerson(
        primary(c.env),
        c.get('config'),
        c.get('resident').accountId,
        body,
        nowSeconds(),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/people',
    summary: "The account's people at a glance: status, colour, validity",
    tag: 'residents',
    access: 'resident',
    response: personListSchema,
    handler: async (c) => ({
      people: await listPeople(primary(c.env), c.get('resident').accountId),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/people/:personId',
    summary: 'One person of the account (document masked)',
    tag: 'residents',
    access: 'resident',
    params: personParams,
    response: personSchema,
    handler: async (c, { params }) =>
      personView(await findOwnPerson(primary(c.env), c.get('resident').accountId, params.personId)),
  }),
  defineRoute({
    method: 'patch',
    path: '/people/:personId',
    summary:
      'Change address, workplace or relationship (name and document change with an application)',
    tag: 'residents',
    access: 'resident',
    params: personParams,
    body: personPatchSchema,
    response: personSchema,
    handler: async (c, { params, body }) =>
      patchPerson(primary(c.env), c.get('resident').accountId, params.personId, body, nowSeconds()),
  }),
  defineRoute({
    method: 'get',
    path: '/people/:personId/history',
    summary: "A person's status changes (oldest first) and application versions (newest first)",
    tag: 'residents',
    access: 'resident',
    params: personParams,
    response: personHistorySchema,
    handler: async (c, { params }) => {
      const db = primary(c.env)
      const person = await findOwnPerson(db, c.get('resident').accountId, params.personId)
      return personHistory(db, person.id)
    },
  }),
]
