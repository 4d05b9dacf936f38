// What a checkpoint accepts. Stored with the checkpoint, cached by its gates.
import { z } from 'zod'
import { colourSchema } from '../colour.ts'

export const checkpointPolicySchema = z.strictObject({
  /** Colours that pass. Normally only green. */
  allowedColours: z.array(colourSchema).min(1).default(['green']),
  /** Whether printed passes (for people without a phone) are accepted. */
  acceptsPrinted: z.boolean().default(true),
  /** Staffed checkpoints show the masked name for an identity check. */
  staffed: z.boolean().default(false),
  /** The same person at the same lane group within this many seconds is refused. */
  antiPassbackSeconds: z.int().min(0).max(86_400).default(30),
})
export type CheckpointPolicy = z.infer<typeof checkpointPolicySchema>
