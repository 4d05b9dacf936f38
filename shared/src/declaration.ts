// The health declaration a resident makes with every application, and its rules.
import { z } from 'zod'
import type { FieldIssue } from './errors.ts'
import { isPlainText, PLAIN_TEXT_MESSAGE } from './text.ts'

/** Symptoms a resident can declare; `none` says so explicitly and stands alone. */
export const SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'shortness_of_breath',
  'loss_of_taste_or_smell',
  'diarrhoea',
  'runny_nose',
  'muscle_ache',
  'headache',
  'none',
] as const
export const symptomSchema = z.enum(SYMPTOMS)
export type Symptom = z.infer<typeof symptomSchema>

/** Lowest and highest body temperature (°C) a living person plausibly reports. */
export const MIN_TEMPERATURE_C = 34.0
export const MAX_TEMPERATURE_C = 42.5

/** Only travel within this many days before the declaration matters. */
export const TRAVEL_WINDOW_DAYS = 14
export const MAX_REGIONS_VISITED = 30

const dateSchema = z.iso.date({ error: 'Expected a calendar date as YYYY-MM-DD' })

export const regionVisitSchema = z
  .strictObject({
    region: z
      .string()
      .trim()
      .min(1, 'Region name is required')
      .max(100)
      .refine(isPlainText, PLAIN_TEXT_MESSAGE),
    from: dateSchema,
    to: dateSchema,
    /** The region was designated high-risk while the person was there. */
    highRisk: z.boolean(),
  })
  .refine((visit) => visit.from <= visit.to, {
    message: 'Visit ends before it starts',
    path: ['to'],
  })
export type RegionVisit = z.infer<typeof regionVisitSchema>

/** What the resident sends. */
export const healthDeclarationInputSchema = z.strictObject({
  temperatureCelsius: z
    .number()
    .min(MIN_TEMPERATURE_C, `Body temperature must be at least ${MIN_TEMPERATURE_C} °C`)
    .max(MAX_TEMPERATURE_C, `Body temperature must be at most ${MAX_TEMPERATURE_C} °C`),
  symptoms: z
    .array(symptomSchema)
    .max(SYMPTOMS.length)
    .refine((list) => new Set(list).size === list.length, 'A symptom is listed twice')
    .refine(
      (list) => !list.includes('none') || list.length === 1,
      "'none' cannot be combined with other symptoms",
    ),
  /** Regions visited in the last 14 days; an empty list means none. */
  regionsVisited: z.array(regionVisitSchema).max(MAX_REGIONS_VISITED),
  /** Close contact with a confirmed case. */
  confirmedContact: z.boolean(),
})
export type HealthDeclarationInput = z.infer<typeof healthDeclarationInputSchema>

/** What is stored and shown: the input plus when the server received it (Unix seconds). */
export const healthDeclarationSchema = healthDeclarationInputSchema.extend({
  declaredAt: z.int().nonnegative(),
})
export type HealthDeclaration = z.infer<typeof healthDeclarationSchema>

/** The UTC calendar date (YYYY-MM-DD) of a Unix-seconds instant. */
export function utcDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10)
}

/**
 * Checks that need the clock: no visit may end in the future, and every visit must
 * overlap the 14 days before `nowSeconds` (older travel is irrelevant and is refused so
 * that the resident notices a mistyped year). Empty when all is well.
 */
export function declarationDateIssues(
  declaration: HealthDeclarationInput,
  nowSeconds: number,
): FieldIssue[] {
  const today = utcDate(nowSeconds)
  const windowStart = utcDate(nowSeconds - TRAVEL_WINDOW_DAYS * 86_400)
  const issues: FieldIssue[] = []

  declaration.regionsVisited.forEach((visit, index) => {
    if (visit.from > today) {
      issues.push({
        path: `regionsVisited.${index}.from`,
        code: 'custom',
        message: 'Visit starts in the future',
      })
    }
    if (visit.to > today) {
      issues.push({
        path: `regionsVisited.${index}.to`,
        code: 'custom',
        message: 'Visit ends in the future',
      })
    } else if (visit.to < windowStart) {
      issues.push({
        path: `regionsVisited.${index}.to`,
        code: 'custom',
        message: `Visit ended more than ${TRAVEL_WINDOW_DAYS} days ago`,
      })
    }
  })
  return issues
}
