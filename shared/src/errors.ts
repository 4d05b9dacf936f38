// The one error type that crosses package boundaries: a stable code callers switch on.

/** Every error code the API can answer with. Stable: clients and tests switch on them. */
export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'RATE_LIMITED',
  'OTP_INVALID',
  'OTP_EXPIRED',
  'OTP_EXHAUSTED',
  'DOCUMENT_TAKEN',
  'PHONE_TAKEN',
  'APPLICATION_NOT_PENDING',
  'NOT_APPROVED',
  'APPROVAL_EXPIRED',
  'PERSON_REVOKED',
  'CREDENTIALS_INVALID',
  'KEY_NOT_FOUND',
  'KEY_STATE_INVALID',
  'SIGNING_KEY_MISSING',
  'SMS_UNAVAILABLE',
  'INTERNAL',
] as const

export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** One invalid field: its path in the input and what is wrong with it. */
export interface FieldIssue {
  path: string
  code: string
  message: string
}

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; fields?: FieldIssue[] }
}

export class GreenGateError extends Error {
  readonly code: ApiErrorCode
  readonly fields: FieldIssue[] | undefined

  constructor(
    code: ApiErrorCode,
    message: string,
    options?: { fields?: FieldIssue[]; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GreenGateError'
    this.code = code
    this.fields = options?.fields
  }
}
