// The explicit rules that suggest a colour for a health declaration; a reviewer decides.
import type { Colour } from '../colour.ts'
import type { HealthDeclarationInput } from '../declaration.ts'

/**
 * Why a colour was suggested. Stable codes: the reviewer's queue and the resident's page
 * translate them.
 */
export const SUGGESTION_REASONS = [
  /** Body temperature at or above FEVER_THRESHOLD_C, or fever declared as a symptom. */
  'FEVER',
  /** Any declared symptom other than fever (and other than `none`). */
  'SYMPTOMS',
  /** A visit to a region flagged high-risk. */
  'HIGH_RISK_TRAVEL',
  /** Close contact with a confirmed case. */
  'CONFIRMED_CONTACT',
] as const
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number]

export interface ColourSuggestion {
  colour: Colour
  /** Every rule that fired, in the order of SUGGESTION_REASONS; empty for green. */
  reasons: SuggestionReason[]
}

/** 37.3 °C: the usual screening threshold for fever at Chinese checkpoints. */
export const FEVER_THRESHOLD_C = 37.3

const severity: Record<SuggestionReason, Colour> = {
  FEVER: 'yellow',
  SYMPTOMS: 'yellow',
  HIGH_RISK_TRAVEL: 'red',
  CONFIRMED_CONTACT: 'red',
}

/**
 * Rules, each independent; the suggestion is the worst colour any of them gives:
 * - CONFIRMED_CONTACT -> red: close contact with a confirmed case.
 * - HIGH_RISK_TRAVEL -> red: any visited region flagged high-risk. The declaration only
 *   holds the last 14 days (the server refuses older visits), so no date check here.
 * - FEVER -> yellow: temperature >= 37.3 °C, or `fever` among the symptoms.
 * - SYMPTOMS -> yellow: any other listed symptom.
 * - nothing fired -> green.
 */
export function suggestColour(declaration: HealthDeclarationInput): ColourSuggestion {
  const fired = new Set<SuggestionReason>()
  const symptoms = declaration.symptoms.filter((symptom) => symptom !== 'none')

  if (declaration.temperatureCelsius >= FEVER_THRESHOLD_C || symptoms.includes('fever')) {
    fired.add('FEVER')
  }
  if (symptoms.some((symptom) => symptom !== 'fever')) fired.add('SYMPTOMS')
  if (declaration.regionsVisited.some((visit) => visit.highRisk)) fired.add('HIGH_RISK_TRAVEL')
  if (declaration.confirmedContact) fired.add('CONFIRMED_CONTACT')

  const reasons = SUGGESTION_REASONS.filter((reason) => fired.has(reason))
  return { colour: worstColour(reasons.map((reason) => severity[reason])), reasons }
}

function worstColour(colours: Colour[]): Colour {
  if (colours.includes('red')) return 'red'
  if (colours.includes('yellow')) return 'yellow'
  return 'green'
}
