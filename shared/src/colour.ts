// Code colours: green passes; yellow and red do not.
import { z } from 'zod'

export const COLOURS = ['green', 'yellow', 'red'] as const
export const colourSchema = z.enum(COLOURS)
export type Colour = z.infer<typeof colourSchema>

/** The one-letter form carried inside a code, to keep the QR small. */
export type ColourLetter = 'g' | 'y' | 'r'

const toLetter: Record<Colour, ColourLetter> = { green: 'g', yellow: 'y', red: 'r' }
const fromLetter: Record<ColourLetter, Colour> = { g: 'green', y: 'yellow', r: 'red' }

export function colourLetter(colour: Colour): ColourLetter {
  return toLetter[colour]
}

export function colourFromLetter(letter: ColourLetter): Colour {
  return fromLetter[letter]
}

/** How much a colour lets its holder through: green the most, red the least. */
const leniency: Record<Colour, number> = { green: 2, yellow: 1, red: 0 }

/**
 * Whether a person moving from `from` to `to` (null: no approval) loses something, so that
 * codes signed with the old colour must die: green to yellow or red, yellow to red, any
 * colour to none. A milder colour kills nothing: the old codes let their holder through
 * less than the new ones would.
 */
export function isStricterColour(from: Colour | null, to: Colour | null): boolean {
  if (from === null) return false
  return to === null || leniency[to] < leniency[from]
}
