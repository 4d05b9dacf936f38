// Status and colour at a glance: word and colour together, never colour alone.
import type { Colour, PersonStatus } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { COLOUR_WORDS, PERSON_STATUS_WORDS, word } from '../../common/domain-strings.ts'

export function statusBadge(status: PersonStatus): HTMLElement {
  return h(
    'span',
    { class: `badge status-${status}`, 'data-status': status },
    word(PERSON_STATUS_WORDS, status),
  )
}

export function colourBadge(colour: Colour): HTMLElement {
  return h(
    'span',
    { class: `badge colour-${colour}`, 'data-colour': colour },
    word(COLOUR_WORDS, colour),
  )
}
