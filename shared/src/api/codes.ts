// Codes and online verification: what the resident's page, handhelds and the Worker agree on.
import { z } from 'zod'
import { MAX_CODE_LENGTH } from '../code/claims.ts'
import { REFUSAL_REASONS } from '../code/reasons.ts'
import { colourSchema } from '../colour.ts'

const unixSeconds = z.int().nonnegative()

/** `GET /people/:personId/code` and `POST /people/:personId/printed-pass`. */
export const issuedCodeSchema = z.strictObject({
  /** The compact JWS. */
  code: z.string().max(MAX_CODE_LENGTH),
  /** What to put in the QR symbol: the code as digits (`GG:/...`), which needs a smaller QR. */
  qrText: z.string(),
  /** phone: lives minutes and is refreshed; printed: a paper pass that lives days. */
  kind: z.enum(['phone', 'printed']),
  colour: colourSchema,
  /** At most 3 characters (`张*明`): what checkpoint staff compare with the person. */
  nameMasked: z.string(),
  issuedAt: unixSeconds,
  expiresAt: unixSeconds,
  /** When the page should fetch the next code (a little before expiry). */
  refreshAfter: unixSeconds,
})
export type IssuedCode = z.infer<typeof issuedCodeSchema>

/**
 * Longest text `POST /verify` reads. Well above any code (so an oversized one is refused
 * with its own reason, CODE_TOO_LONG) and below anything that costs real work to refuse.
 */
export const MAX_VERIFY_TEXT_LENGTH = 4 * MAX_CODE_LENGTH

export const verifyRequestSchema = z.strictObject({
  /** As scanned: the raw JWS or its numeric QR form `GG:/...`. */
  code: z.string().min(1).max(MAX_VERIFY_TEXT_LENGTH),
  /** Optional: a device verifies for its own checkpoint, and may name it to be sure. */
  checkpointId: z.string().min(1).max(64).optional(),
})
export type VerifyRequest = z.infer<typeof verifyRequestSchema>

export const VERIFY_REASONS = ['OK', ...REFUSAL_REASONS] as const

export const verifyResultSchema = z.strictObject({
  decision: z.enum(['pass', 'refuse']),
  reason: z.enum(VERIFY_REASONS),
  /** Present once the signature held: what the code says, even when it is refused. */
  kind: z.enum(['phone', 'printed']).optional(),
  colour: colourSchema.optional(),
  /** Only at staffed checkpoints, for the identity check. */
  nameMasked: z.string().optional(),
  expiresAt: unixSeconds.optional(),
})
export type VerifyResult = z.infer<typeof verifyResultSchema>
