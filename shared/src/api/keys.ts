// Signing keys as an admin manages them (rotation and retirement).
import { z } from 'zod'

export const SIGNING_KEY_STATES = ['published', 'active', 'retired'] as const

export const signingKeySchema = z.strictObject({
  kid: z.string(),
  /** published: verifies; active: the one that signs (also published); retired: refused. */
  state: z.enum(SIGNING_KEY_STATES),
  /** Whether the private half is in the SIGNING_KEYS secret (needed to activate it). */
  inSecret: z.boolean(),
  createdAt: z.int(),
  activatedAt: z.int().nullable(),
  retiredAt: z.int().nullable(),
})
export type SigningKey = z.infer<typeof signingKeySchema>

export const signingKeyListSchema = z.strictObject({ keys: z.array(signingKeySchema) })
export type SigningKeyList = z.infer<typeof signingKeyListSchema>
