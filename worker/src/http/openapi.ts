// The OpenAPI 3.1 document, built from the same route declarations and zod schemas that
// validate requests, so the description cannot drift from what the Worker does.
import { API_ERROR_CODES } from '@greengate/shared'
import { z } from 'zod'
import type { Access } from '../auth/authenticate.ts'
import type { Route } from './route.ts'

export type JsonObject = Record<string, unknown>

const fieldIssueSchema = z.strictObject({ path: z.string(), code: z.string(), message: z.string() })
const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    fields: z.array(fieldIssueSchema).optional(),
  }),
})

const SECURITY_SCHEMES: JsonObject = {
  residentSession: {
    type: 'http',
    scheme: 'bearer',
    description: 'A resident session token `rs_...` from POST /auth/login',
  },
  staffSession: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A staff session token `ss_...` from POST /staff/login (admin routes need an admin)',
  },
  deviceCredential: {
    type: 'http',
    scheme: 'bearer',
    description: 'A gate device credential `gd_...`, shown once when an admin enrols the device',
  },
}

const SCHEME_OF: Record<Access, string | null> = {
  public: null,
  resident: 'residentSession',
  bearer: 'residentSession',
  reviewer: 'staffSession',
  admin: 'staffSession',
  device: 'deviceCredential',
}

export interface DocumentInfo {
  title: string
  version: string
  description: string
}

/** The document for `routes`; every route appears, at its hono path turned into `{param}`. */
export function buildOpenApi(routes: readonly Route[], info: DocumentInfo): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {}
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const item = paths[path] ?? {}
    item[route.method] = operationOf(route)
    paths[path] = item
  }
  const tags = [...new Set(routes.map((route) => route.tag))].map((name) => ({ name }))
  return {
    openapi: '3.1.0',
    info,
    tags,
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: { Error: jsonSchemaOf(errorBodySchema, 'output') },
    },
  }
}

function operationOf(route: Route): JsonObject {
  const scheme = SCHEME_OF[route.access]
  const operation: JsonObject = {
    operationId: operationIdOf(route),
    summary: route.summary,
    tags: [route.tag],
    'x-access': route.access,
    security: scheme === null ? [] : [{ [scheme]: [] }],
  }
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')]
  if (parameters.length > 0) operation.parameters = parameters
  if (route.body !== undefined) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } },
    }
  }
  operation.responses = { ...successOf(route), ...errorResponses(route) }
  return operation
}

/** `get /people/:personId/code` -> `getPeoplePersonIdCode`. */
function operationIdOf(route: Route): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter((word) => word !== '')
  return route.method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')
}

function successOf(route: Route): JsonObject {
  const meta = z.globalRegistry.get(route.response) as JsonObject | undefined
  const schema = jsonSchemaOf(route.response, 'output')
  if (meta?.websocket === true) {
    return {
      101: {
        description: 'Switching protocols; each WebSocket message is JSON of this shape',
        content: { 'application/json': { schema } },
      },
    }
  }
  const mediaType =
    typeof meta?.contentMediaType === 'string' ? meta.contentMediaType : 'application/json'
  return { [route.status ?? 200]: { description: 'Success', content: { [mediaType]: { schema } } } }
}

function errorResponses(route: Route): JsonObject {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  })
  const responses: JsonObject = {}
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) {
    responses[400] = error('Invalid input: `error.fields` lists every problem')
  }
  if (route.access !== 'public') responses[401] = error('Missing, unknown or expired credentials')
  if (route.access === 'admin') responses[403] = error('Signed in, but not an admin')
  if (route.body !== undefined) {
    responses[413] = error('Body too large')
    responses[415] = error('Body is not application/json')
  }
  responses['4XX'] = error('Refused: `error.code` says why')
  responses['5XX'] = error('Failed on our side (logged with the request id)')
  return responses
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonObject[] {
  if (schema === undefined) return []
  const json = jsonSchemaOf(schema, 'input')
  const properties = (json.properties ?? {}) as Record<string, JsonObject>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }))
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  // Transforms (query strings turned into numbers) are described by their input side;
  // anything else JSON Schema cannot say becomes an open schema rather than a crash.
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject
  delete json.$schema
  return json
}
