// Identity documents: types, the zod schema that normalises and validates them, masking.
import { z } from 'zod'
import { idCardProblem } from './id-card.ts'
import {
  hkMacaoPermitProblem,
  hukouProblem,
  passportProblem,
  taiwanPermitProblem,
} from './other-documents.ts'

export const DOCUMENT_TYPES = [
  'id_card',
  'hukou',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
] as const
export const documentTypeSchema = z.enum(DOCUMENT_TYPES)
export type DocumentType = z.infer<typeof documentTypeSchema>

/** Longest number accepted before normalisation (room for spaces and brackets). */
const MAX_RAW_LENGTH = 40

/** Uppercase, without spaces; Taiwan permits also lose the brackets around the issue count. */
export function normaliseDocumentNumber(type: DocumentType, raw: string): string {
  const compact = raw.replace(/\s+/g, '').toUpperCase()
  return type === 'taiwan_permit' ? compact.replace(/[()（）]/g, '') : compact
}

/**
 * Why a normalised number is not a valid document of `type`, or null when it is.
 * `today` (`YYYY-MM-DD`, UTC) bounds birth dates.
 */
export function documentProblem(
  type: DocumentType,
  number: string,
  today = todayUtc(),
): string | null {
  switch (type) {
    case 'id_card':
      return idCardProblem(number, today)
    case 'hukou':
      return hukouProblem(number, today)
    case 'passport':
      return passportProblem(number)
    case 'hk_macao_permit':
      return hkMacaoPermitProblem(number)
    case 'taiwan_permit':
      return taiwanPermitProblem(number)
  }
}

function numberSchema(type: DocumentType) {
  return z
    .string()
    .max(MAX_RAW_LENGTH, { error: 'Document number is too long', abort: true })
    .overwrite((raw) => normaliseDocumentNumber(type, raw))
    .superRefine((value, ctx) => {
      const problem = documentProblem(type, value)
      // The message names the rule, never the number: it may reach a log.
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
    })
}

function documentVariant<T extends DocumentType>(type: T) {
  return z.strictObject({ type: z.literal(type), number: numberSchema(type) })
}

/** A document as a resident enters it; the number comes out normalised. */
export const identityDocumentSchema = z.discriminatedUnion(
  'type',
  [
    documentVariant('id_card'),
    documentVariant('hukou'),
    documentVariant('passport'),
    documentVariant('hk_macao_permit'),
    documentVariant('taiwan_permit'),
  ],
  { error: `Document type must be one of: ${DOCUMENT_TYPES.join(', ')}` },
)
export type IdentityDocument = z.infer<typeof identityDocumentSchema>

/**
 * The form shown to anyone, the owner included: ID cards keep the first 4 (province and
 * city) and last 4 characters, `3301**********1234`; other documents keep 2 at each end
 * (`E1*****78`), 1 when the number is short. At least 4 stars, so that a short number is
 * never shown nearly whole, and its exact length is not revealed.
 */
export function maskDocumentNumber(type: DocumentType, number: string): string {
  const keep = type === 'id_card' ? 4 : Math.min(2, Math.floor(number.length / 4))
  const hidden = Math.max(4, number.length - 2 * keep)
  return `${number.slice(0, keep)}${'*'.repeat(hidden)}${number.slice(-keep)}`
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10)
}
