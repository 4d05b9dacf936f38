// Reading a request's JSON body, query and path parameters through zod schemas.
import { GreenGateError, type FieldIssue } from '@greengate/shared'
import type { Context } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from './app-env.ts'

/** Converts zod issues to the API's field list. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }))
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(input)
  if (!result.success) {
    const fields = fieldIssues(result.error)
    const first = fields[0]
    const detail = first === undefined ? '' : `: ${first.path || where} ${first.message}`
    throw new GreenGateError('VALIDATION_FAILED', `Invalid ${where}${detail}`, { fields })
  }
  return result.data
}

/** The body as JSON, refusing other media types and broken JSON with their own codes. */
export async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/json\b/i.test(type)) {
    throw new GreenGateError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json')
  }
  const text = await c.req.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new GreenGateError('MALFORMED_JSON', 'The body is not valid JSON')
  }
}
