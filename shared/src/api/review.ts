// The reviewer's queue and decisions: what the console and the Worker agree on.
import { z } from 'zod'
import { colourSchema } from '../colour.ts'
import { healthDeclarationSchema } from '../declaration.ts'
import { SUGGESTION_REASONS } from '../review/suggest-colour.ts'
import {
  APPLICATION_KINDS,
  applicationDetailsSchema,
  maskedDocumentSchema,
  PERSON_STATUSES,
  relationshipSchema,
} from './resident.ts'
import { isPlainMultilineText, PLAIN_TEXT_MESSAGE } from '../text.ts'

/** Longest approval a reviewer may give. */
export const MAX_VALID_DAYS = 90
export const MAX_QUEUE_PAGE = 100

/** Opaque to clients: where the previous page ended. */
export const queueCursorSchema = z
  .string()
  .regex(/^\d{1,12}\.[A-Za-z0-9_-]{1,64}$/, 'Not a cursor from this API')

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true')

/** A page size written as plain digits (`0x10`, `1e1` and ` 5` are refused, not guessed at). */
export function pageSizeQuery(max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, 'Expected a whole number')
    .transform(Number)
    .pipe(z.int().min(1).max(max))
    .default(fallback)
}

export const reviewQueueQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  suggested: colourSchema.optional(),
  highRisk: booleanQuery.optional(),
  limit: pageSizeQuery(MAX_QUEUE_PAGE, 20),
  cursor: queueCursorSchema.optional(),
})
export type ReviewQueueQuery = z.input<typeof reviewQueueQuerySchema>

export const reviewQueueItemSchema = z.strictObject({
  applicationId: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  version: z.int().positive(),
  submittedAt: z.int(),
  person: z.strictObject({
    id: z.string(),
    /** The reviewer compares the full name with the document; other staff see the masked one. */
    name: z.string(),
    nameMasked: z.string(),
    document: maskedDocumentSchema,
    relationship: relationshipSchema,
    status: z.enum(PERSON_STATUSES),
    /** The colour of the person's current approval, if any. */
    colour: colourSchema.nullable(),
  }),
  /** Null once the retention period has purged it. */
  details: applicationDetailsSchema.nullable(),
  declaration: healthDeclarationSchema.nullable(),
  highRisk: z.boolean(),
  suggestedColour: colourSchema,
  suggestionReasons: z.array(z.enum(SUGGESTION_REASONS)),
  decision: z
    .strictObject({
      decidedAt: z.int(),
      decidedBy: z.string().nullable(),
      colour: colourSchema.nullable(),
      validUntil: z.int().nullable(),
      note: z.string().nullable(),
      rejectReason: z.string().nullable(),
    })
    .nullable(),
})
export type ReviewQueueItem = z.infer<typeof reviewQueueItemSchema>

export const reviewQueuePageSchema = z.strictObject({
  items: z.array(reviewQueueItemSchema),
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
})
export type ReviewQueuePage = z.infer<typeof reviewQueuePageSchema>

export const approveRequestSchema = z
  .strictObject({
    colour: colourSchema,
    /** Days from now the approval lasts (1-90); or give `validUntil`. */
    validDays: z.int().min(1).max(MAX_VALID_DAYS).optional(),
    /** Unix seconds the approval lasts until, at most 90 days ahead; or give `validDays`. */
    validUntil: z.int().positive().optional(),
    /** For staff: why this colour. The resident does not see it. */
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .refine(isPlainMultilineText, PLAIN_TEXT_MESSAGE)
      .optional(),
  })
  .refine((body) => (body.validDays === undefined) !== (body.validUntil === undefined), {
    message: 'Give exactly one of validDays and validUntil',
    path: ['validDays'],
  })
export type ApproveRequest = z.infer<typeof approveRequestSchema>

export const rejectRequestSchema = z.strictObject({
  /** Shown to the resident: say what to correct. */
  reason: z
    .string()
    .trim()
    .min(1, 'Say why, for the resident to read')
    .max(500)
    .refine(isPlainMultilineText, PLAIN_TEXT_MESSAGE),
})
export type RejectRequest = z.infer<typeof rejectRequestSchema>

export const reviewDecisionSchema = z.strictObject({
  applicationId: z.string(),
  personId: z.string(),
  status: z.enum(['approved', 'rejected']),
  colour: colourSchema.nullable(),
  validUntil: z.int().nullable(),
  decidedAt: z.int(),
  /** True when the decision killed the person's outstanding codes (a stricter colour or none). */
  codesRevoked: z.boolean(),
})
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>
