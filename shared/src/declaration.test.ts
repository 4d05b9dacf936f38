import { describe, expect, it } from 'vitest'
import { declarationDateIssues, healthDeclarationInputSchema } from './declaration.ts'

const NOW = Date.UTC(2025, 5, 15, 12) / 1000 // 2025-06-15 12:00 UTC

const valid = {
  temperatureCelsius: 36.5,
  symptoms: ['none'],
  regionsVisited: [],
  confirmedContact: false,
}

function messages(input: unknown): string[] {
  const result = healthDeclarationInputSchema.safeParse(input)
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('health declaration schema', () => {
  it('accepts a healthy declaration', () => {
    expect(messages(valid)).toEqual([])
  })

  it('bounds the temperature to 34.0-42.5 °C', () => {
    expect(messages({ ...valid, temperatureCelsius: 34 })).toEqual([])
    expect(messages({ ...valid, temperatureCelsius: 42.5 })).toEqual([])
    expect(messages({ ...valid, temperatureCelsius: 33.9 })[0]).toMatch(/at least 34 °C/)
    expect(messages({ ...valid, temperatureCelsius: 98.6 })[0]).toMatch(/at most 42.5 °C/)
    expect(messages({ ...valid, temperatureCelsius: '36.5' })).not.toEqual([])
  })

  it('refuses unlisted, repeated and none-with-others symptoms', () => {
    expect(messages({ ...valid, symptoms: ['sneezing'] })).not.toEqual([])
    expect(messages({ ...valid, symptoms: ['cough', 'cough'] })[0]).toMatch(/listed twice/)
    expect(messages({ ...valid, symptoms: ['none', 'cough'] })[0]).toMatch(
      /'none' cannot be combined/,
    )
  })

  it('refuses a visit that ends before it starts, or with a bad date', () => {
    const back = { region: 'X', from: '2025-06-10', to: '2025-06-09', highRisk: false }
    expect(messages({ ...valid, regionsVisited: [back] })).toEqual([
      'regionsVisited.0.to: Visit ends before it starts',
    ])
    const bad = { region: 'X', from: '2025-02-30', to: '2025-06-09', highRisk: false }
    expect(messages({ ...valid, regionsVisited: [bad] })[0]).toMatch(/YYYY-MM-DD/)
  })

  it('refuses unknown fields', () => {
    expect(messages({ ...valid, vaccinated: true })).not.toEqual([])
  })
})

describe('declaration dates against the clock', () => {
  const visit = (from: string, to: string) => ({ region: 'X', from, to, highRisk: false })

  it('accepts visits that overlap the last 14 days, today included', () => {
    expect(
      declarationDateIssues(
        {
          ...valid,
          symptoms: [],
          regionsVisited: [visit('2025-05-25', '2025-06-01'), visit('2025-06-15', '2025-06-15')],
        },
        NOW,
      ),
    ).toEqual([])
  })

  it('refuses a visit that ends in the future or ended more than 14 days ago', () => {
    const issues = declarationDateIssues(
      {
        ...valid,
        symptoms: [],
        regionsVisited: [visit('2025-06-14', '2025-06-16'), visit('2024-05-01', '2024-05-03')],
      },
      NOW,
    )
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'regionsVisited.0.to: Visit ends in the future',
      'regionsVisited.1.to: Visit ended more than 14 days ago',
    ])
  })
})
