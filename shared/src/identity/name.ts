// Person names: the schema a resident fills in, and the masked form a code may carry.
import { z } from 'zod'

export const MAX_NAME_LENGTH = 50

/**
 * A person's name as on their document: Chinese names (with the middle dot of minority
 * names) and Latin names alike; surrounding spaces go, inner runs of spaces become one.
 */
export const personNameSchema = z
  .string()
  .max(MAX_NAME_LENGTH * 2, {
    error: `Name must be at most ${MAX_NAME_LENGTH} characters`,
    abort: true,
  })
  .overwrite((raw) => raw.trim().replace(/\s+/g, ' '))
  .refine((name) => name.length > 0, { error: 'Name is required', abort: true })
  .refine((name) => [...name].length <= MAX_NAME_LENGTH, {
    error: `Name must be at most ${MAX_NAME_LENGTH} characters`,
    abort: true,
  })
  .refine(
    (name) => /^[\p{L}\p{M}][\p{L}\p{M} ·.'-]*$/u.test(name),
    'Name may hold only letters, spaces, the middle dot, apostrophes and hyphens',
  )

/**
 * At most 3 characters: the first, a star and the last (`张*明` for 张三明 and 欧阳建明,
 * `张*` for a 2-character name, `J*h` for John Smith). Enough for checkpoint staff to
 * compare with the person in front of them, too little to identify them from a code.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  const first = chars[0] ?? ''
  if (chars.length <= 2) return `${first}*`
  return `${first}*${chars[chars.length - 1] ?? ''}`
}
