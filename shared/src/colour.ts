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
