// The admin console's people: search, history, revocation and bulk colour changes.
import { z } from 'zod'
import { colourSchema } from '../colour.ts'
import { identityDocumentSchema } from '../identity/document.ts'
import { mobilePhoneSchema } from '../identity/phone.ts'
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  maskedDocumentSchema,
  PERSON_STATUSES,
  relationshipSchema,
} from './resident.ts'
import { isPlainMultilineText, PLAIN_TEXT_MESSAGE } from '../text.ts'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an id')
const unixSeconds = z.int().nonnegative()
const reason = z
  .string()
  .trim()
  .min(1, 'Say why: it goes to the audit log')
  .max(500)
  .refine(isPlainMultilineText, PLAIN_TEXT_MESSAGE)

// ---- search and history -----------------------------------------------------------

/**
 * Exactly one of `document` (checked like a resident's entry) or `phone` (the account's number).
 * A JSON body, never a query string: request logs and browser history keep URLs.
 */
export const peopleSearchRequestSchema = z
  .strictObject({
    document: identityDocumentSchema.optional(),
    phone: mobilePhoneSchema.optional(),
  })
  .refine((request) => (request.document === undefined) !== (request.phone === undefined), {
    message: 'Search by exactly one of document and phone',
  })
export type PeopleSearchRequest = z.input<typeof peopleSearchRequestSchema>

export const adminPersonSummarySchema = z.strictObject({
  id: z.string(),
  accountId: z.string(),
  /** The account holder's number, masked. */
  phoneMasked: z.string(),
  nameMasked: z.string(),
  document: maskedDocumentSchema,
  relationship: relationshipSchema,
  status: z.enum(PERSON_STATUSES),
  colour: colourSchema.nullable(),
  validUntil: z.int().nullable(),
  /** Codes issued at or before this instant (Unix seconds) are dead; 0 when never revoked. */
  revokedThrough: z.int(),
  updatedAt: z.int(),
})
export type AdminPersonSummary = z.infer<typeof adminPersonSummarySchema>

export const peopleSearchResultSchema = z.strictObject({
  people: z.array(adminPersonSummarySchema),
})

export const personParamsSchema = z.strictObject({ personId: id })

export const adminPersonDetailSchema = z.strictObject({
  person: adminPersonSummarySchema.extend({
    /** The pseudonym in codes and pass events. */
    subject: z.string(),
    createdAt: z.int(),
  }),
  /** Oldest first. */
  events: z.array(
    z.strictObject({
      at: z.int(),
      status: z.string(),
      colour: colourSchema.nullable(),
      reason: z.string().nullable(),
      /** `resident`, `staff:<id>` or `system`. */
      actor: z.string(),
    }),
  ),
  /** Newest first. */
  applications: z.array(
    z.strictObject({
      id: z.string(),
      version: z.int(),
      kind: z.enum(APPLICATION_KINDS),
      status: z.enum(APPLICATION_STATUSES),
      submittedAt: z.int(),
      decidedAt: z.int().nullable(),
      decidedBy: z.string().nullable(),
      decisionColour: colourSchema.nullable(),
      decisionValidUntil: z.int().nullable(),
    }),
  ),
})
export type AdminPersonDetail = z.infer<typeof adminPersonDetailSchema>

// ---- revocation -------------------------------------------------------------------

export const revokePersonRequestSchema = z.strictObject({ reason })

export const personRevokedSchema = z.strictObject({
  personId: z.string(),
  /** Every code of the person issued at or before this instant is dead, printed passes too. */
  revokedThrough: z.int(),
})

export const codeParamsSchema = z.strictObject({
  jti: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, 'Not a code id'),
})

export const revokeCodeRequestSchema = z.strictObject({
  /** The code's own expiry (Unix seconds): gates forget the revocation after it. */
  expiresAt: unixSeconds,
  reason,
})

export const codeRevokedSchema = z.strictObject({ jti: z.string(), expiresAt: z.int() })

// ---- bulk colour change -----------------------------------------------------------

/** Longest window a bulk change may cover. */
export const MAX_COLOUR_CHANGE_WINDOW_SECONDS = 31 * 86_400

const windowFields = {
  checkpointId: id,
  /** Unix seconds, inclusive. */
  from: unixSeconds,
  /** Unix seconds, inclusive. */
  to: unixSeconds,
  colour: colourSchema,
}

function checkWindow(body: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (body.to < body.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' })
  else if (body.to - body.from > MAX_COLOUR_CHANGE_WINDOW_SECONDS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'The window may cover at most 31 days' })
  }
}

/** Everyone who passed checkpoint `checkpointId` between `from` and `to`. */
export const colourChangePreviewRequestSchema = z
  .strictObject(windowFields)
  .superRefine(checkWindow)
export type ColourChangePreviewRequest = z.infer<typeof colourChangePreviewRequestSchema>

export const colourChangePreviewSchema = z.strictObject({
  /** Distinct people who passed there in the window. */
  people: z.int(),
  /** Of those, how many are not already `colour`. */
  changing: z.int(),
})

export const colourChangeRequestSchema = z
  .strictObject({ ...windowFields, confirm: z.literal(true), reason })
  .superRefine(checkWindow)
export type ColourChangeRequest = z.infer<typeof colourChangeRequestSchema>

export const colourChangeResultSchema = z.strictObject({
  people: z.int(),
  /** People whose colour was changed. */
  changed: z.int(),
  /** People moved to a stricter colour: their outstanding codes were revoked. */
  codesRevoked: z.int(),
})
export type ColourChangeResult = z.infer<typeof colourChangeResultSchema>
