// Staff sign-in and staff management: what the console and the Worker agree on.
import { z } from 'zod'
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../text.ts'

export const STAFF_ROLES = ['reviewer', 'admin'] as const
export const staffRoleSchema = z.enum(STAFF_ROLES)
export type StaffRole = z.infer<typeof staffRoleSchema>

/** Lower-case letters, digits, dot, dash and underscore; starts with a letter or digit. */
export const staffUsernameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,31}$/,
    'Use 3-32 lower-case letters, digits, dots, dashes or underscores',
  )

export const MIN_STAFF_PASSWORD_LENGTH = 12
/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const staffPasswordSchema = z
  .string()
  .min(MIN_STAFF_PASSWORD_LENGTH, `Use at least ${MIN_STAFF_PASSWORD_LENGTH} characters`)
  .max(128)

export const staffDisplayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)

export const staffSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
})
export type Staff = z.infer<typeof staffSchema>

export const staffLoginRequestSchema = z.strictObject({
  // Checked only for size here: a wrong shape is just another wrong username.
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
})
export type StaffLoginRequest = z.infer<typeof staffLoginRequestSchema>

export const staffSessionSchema = z.strictObject({
  /** `ss_...`: send as `Authorization: Bearer <token>`. */
  token: z.string(),
  /** Unix seconds. */
  expiresAt: z.int(),
  staff: staffSchema,
})
export type StaffSession = z.infer<typeof staffSessionSchema>

export const staffMeSchema = z.strictObject({ staff: staffSchema })

/** A staff account as an admin sees it. */
export const staffAccountSchema = staffSchema.extend({
  /** Unix seconds, or null while the account is active. */
  disabledAt: z.int().nullable(),
  createdAt: z.int(),
  updatedAt: z.int(),
})
export type StaffAccount = z.infer<typeof staffAccountSchema>

export const staffListSchema = z.strictObject({ staff: z.array(staffAccountSchema) })

export const createStaffRequestSchema = z.strictObject({
  username: staffUsernameSchema,
  displayName: staffDisplayNameSchema,
  role: staffRoleSchema,
  password: staffPasswordSchema,
})
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>

export const updateStaffRequestSchema = z
  .strictObject({
    displayName: staffDisplayNameSchema.optional(),
    role: staffRoleSchema.optional(),
    /** true disables the account and ends its sessions; false enables it again. */
    disabled: z.boolean().optional(),
    /** Resets the password and ends the account's sessions. */
    password: staffPasswordSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change')
export type UpdateStaffRequest = z.infer<typeof updateStaffRequestSchema>

export const staffAccountAnswerSchema = z.strictObject({ staff: staffAccountSchema })
