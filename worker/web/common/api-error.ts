// An API refusal as the pages see it: the API's own code, message and field issues.
import type { ApiErrorBody, ApiErrorCode, FieldIssue } from '@greengate/shared'

/** Codes the client adds for answers that never came or were not the API's JSON. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE'

export class ApiError extends Error {
  readonly code: ApiErrorCode | ClientErrorCode
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number
  readonly fields: readonly FieldIssue[]

  constructor(
    code: ApiErrorCode | ClientErrorCode,
    message: string,
    options: { status: number; fields?: readonly FieldIssue[]; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.status = options.status
    this.fields = options.fields ?? []
  }

  /** True when the network, not the API, failed: worth retrying. */
  get offline(): boolean {
    return this.code === 'NETWORK_ERROR'
  }
}

/** The ApiError inside an error answer's body; BAD_RESPONSE when it is not one. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as Partial<ApiErrorBody> | null)?.error
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return new ApiError('BAD_RESPONSE', `The server answered ${status} without an error body`, {
      status,
    })
  }
  const fields = Array.isArray(error.fields) ? error.fields.filter(isFieldIssue) : []
  return new ApiError(error.code, error.message, { status, fields })
}

function isFieldIssue(value: unknown): value is FieldIssue {
  const issue = value as Partial<FieldIssue> | null
  return typeof issue?.path === 'string' && typeof issue.message === 'string'
}
