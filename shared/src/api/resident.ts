// Requests and answers of the resident API (sign-in, account, people, applications).
import { z } from 'zod'
import { colourSchema } from '../colour.ts'
import { healthDeclarationInputSchema, healthDeclarationSchema } from '../declaration.ts'
import { documentTypeSchema, identityDocumentSchema } from '../identity/document.ts'
import { personNameSchema } from '../identity/name.ts'
import { mobilePhoneSchema } from '../identity/phone.ts'
import { SUGGESTION_REASONS } from '../review/suggest-colour.ts'
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../text.ts'

export const OTP_LENGTH = 6
export const otpCodeSchema = z.string().regex(/^\d{6}$/, 'The code is 6 digits')

// ---- sign-in and account ------------------------------------------------------------

export const otpRequestSchema = z.strictObject({
  phone: mobilePhoneSchema,
  purpose: z.literal('login').optional(),
})
export type OtpRequest = z.input<typeof otpRequestSchema>

/** The same answer whether or not the number has an account. */
export const otpSentSchema = z.strictObject({
  sent: z.literal(true),
  resendAfterSeconds: z.int().positive(),
  expiresInSeconds: z.int().positive(),
})
export type OtpSent = z.infer<typeof otpSentSchema>

export const loginRequestSchema = z.strictObject({ phone: mobilePhoneSchema, code: otpCodeSchema })
export type LoginRequest = z.input<typeof loginRequestSchema>

export const accountSchema = z.strictObject({
  id: z.string(),
  phoneMasked: z.string(),
  createdAt: z.int(),
})
export type Account = z.infer<typeof accountSchema>

export const residentSessionSchema = z.strictObject({
  /** `rs_...`: send as `Authorization: Bearer <token>`. */
  token: z.string(),
  /** Unix seconds. */
  expiresAt: z.int(),
  account: accountSchema.pick({ id: true, phoneMasked: true }),
})
export type ResidentSession = z.infer<typeof residentSessionSchema>

export const changePhoneOtpRequestSchema = z.strictObject({ newPhone: mobilePhoneSchema })
export const changePhoneRequestSchema = z.strictObject({
  newPhone: mobilePhoneSchema,
  code: otpCodeSchema,
})

// ---- people -------------------------------------------------------------------------

export const RELATIONSHIPS = [
  'self',
  'child',
  'parent',
  'grandparent',
  'spouse',
  'relative',
  'other',
] as const
export const relationshipSchema = z.enum(RELATIONSHIPS)
export type Relationship = z.infer<typeof relationshipSchema>

const addressSchema = z
  .string()
  .trim()
  .min(1, 'Address is required')
  .max(200)
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)
const workplaceSchema = z
  .string()
  .trim()
  .min(1, 'Workplace may not be empty: leave it out')
  .max(200)
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)

/** Who a person is, as the resident enters it. */
export const personDetailsSchema = z.strictObject({
  name: personNameSchema,
  document: identityDocumentSchema,
  address: addressSchema,
  workplace: workplaceSchema.optional(),
  relationship: relationshipSchema,
})
export type PersonDetailsInput = z.input<typeof personDetailsSchema>
export type PersonDetails = z.output<typeof personDetailsSchema>

/** What can change without a new application; `workplace: null` clears it. */
export const personPatchSchema = z
  .strictObject({
    address: addressSchema.optional(),
    workplace: workplaceSchema.nullable().optional(),
    relationship: relationshipSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change')

export const PERSON_STATUSES = ['draft', 'pending', 'approved', 'rejected', 'revoked'] as const
export const personStatusSchema = z.enum(PERSON_STATUSES)
export type PersonStatus = z.infer<typeof personStatusSchema>

/** A document as anyone sees it: never the full number. */
export const maskedDocumentSchema = z.strictObject({ type: documentTypeSchema, masked: z.string() })

/** One person at a glance: the list view. */
export const personSummarySchema = z.strictObject({
  id: z.string(),
  relationship: relationshipSchema,
  /** The owner sees their own people's full names. */
  name: z.string(),
  nameMasked: z.string(),
  document: maskedDocumentSchema,
  status: personStatusSchema,
  colour: colourSchema.nullable(),
  /** Unix seconds the approval lasts until; null before approval. */
  validUntil: z.int().nullable(),
  updatedAt: z.int(),
})
export type PersonSummary = z.infer<typeof personSummarySchema>

export const personSchema = personSummarySchema.extend({
  address: z.string(),
  workplace: z.string().nullable(),
  createdAt: z.int(),
})
export type Person = z.infer<typeof personSchema>

export const personListSchema = z.strictObject({ people: z.array(personSummarySchema) })

// ---- applications -------------------------------------------------------------------

export const applicationSubmitSchema = z.strictObject({
  /** New details for the person (a correction); the current ones when left out. */
  details: personDetailsSchema.optional(),
  declaration: healthDeclarationInputSchema,
})
export type ApplicationSubmit = z.input<typeof applicationSubmitSchema>

export const APPLICATION_KINDS = ['first', 'resubmission', 'update'] as const
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const

/** The details as they were when submitted: document masked. */
export const applicationDetailsSchema = z.strictObject({
  name: z.string(),
  document: maskedDocumentSchema,
  address: z.string(),
  workplace: z.string().nullable(),
  relationship: relationshipSchema,
})
export type ApplicationDetails = z.infer<typeof applicationDetailsSchema>

export const applicationSchema = z.strictObject({
  id: z.string(),
  personId: z.string(),
  version: z.int().positive(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  /** Null once the retention period has purged it. */
  details: applicationDetailsSchema.nullable(),
  declaration: healthDeclarationSchema.nullable(),
  suggestedColour: colourSchema,
  suggestionReasons: z.array(z.enum(SUGGESTION_REASONS)),
  submittedAt: z.int(),
  decidedAt: z.int().nullable(),
  decisionColour: colourSchema.nullable(),
  decisionValidUntil: z.int().nullable(),
  /** Written by the reviewer for the resident to read. */
  rejectReason: z.string().nullable(),
})
export type Application = z.infer<typeof applicationSchema>

export const applicationListSchema = z.strictObject({ applications: z.array(applicationSchema) })

export const statusEventSchema = z.strictObject({
  at: z.int(),
  status: z.string(),
  colour: colourSchema.nullable(),
  reason: z.string().nullable(),
})

/** What happened to a person: status changes and every application version, newest first. */
export const personHistorySchema = z.strictObject({
  events: z.array(statusEventSchema),
  applications: z.array(
    applicationSchema.pick({
      id: true,
      version: true,
      kind: true,
      status: true,
      submittedAt: true,
      decidedAt: true,
      rejectReason: true,
    }),
  ),
})
export type PersonHistory = z.infer<typeof personHistorySchema>
