import { describe, expect, it } from 'vitest'
import type { HealthDeclarationInput } from '../declaration.ts'
import { suggestColour } from './suggest-colour.ts'

function declaration(overrides: Partial<HealthDeclarationInput> = {}): HealthDeclarationInput {
  return {
    temperatureCelsius: 36.6,
    symptoms: ['none'],
    regionsVisited: [],
    confirmedContact: false,
    ...overrides,
  }
}

const visit = { region: '某市某区', from: '2025-05-20', to: '2025-05-22' }

describe('suggestColour', () => {
  it('suggests green with no reasons for a healthy declaration', () => {
    expect(suggestColour(declaration())).toEqual({ colour: 'green', reasons: [] })
    expect(suggestColour(declaration({ symptoms: [] }))).toEqual({ colour: 'green', reasons: [] })
  })

  it('suggests yellow for a temperature of 37.3 °C or more, not for 37.2', () => {
    expect(suggestColour(declaration({ temperatureCelsius: 37.2 })).colour).toBe('green')
    expect(suggestColour(declaration({ temperatureCelsius: 37.3 }))).toEqual({
      colour: 'yellow',
      reasons: ['FEVER'],
    })
  })

  it('counts a declared fever as FEVER and other symptoms as SYMPTOMS', () => {
    expect(suggestColour(declaration({ symptoms: ['fever'] }))).toEqual({
      colour: 'yellow',
      reasons: ['FEVER'],
    })
    expect(suggestColour(declaration({ symptoms: ['cough', 'fatigue'] }))).toEqual({
      colour: 'yellow',
      reasons: ['SYMPTOMS'],
    })
  })

  it('suggests red for a high-risk region, and not for an ordinary one', () => {
    expect(
      suggestColour(declaration({ regionsVisited: [{ ...visit, highRisk: false }] })).colour,
    ).toBe('green')
    expect(suggestColour(declaration({ regionsVisited: [{ ...visit, highRisk: true }] }))).toEqual({
      colour: 'red',
      reasons: ['HIGH_RISK_TRAVEL'],
    })
  })

  it('suggests red for contact with a confirmed case', () => {
    expect(suggestColour(declaration({ confirmedContact: true }))).toEqual({
      colour: 'red',
      reasons: ['CONFIRMED_CONTACT'],
    })
  })

  it('lists every rule that fired and takes the worst colour', () => {
    const all = declaration({
      temperatureCelsius: 38.5,
      symptoms: ['cough'],
      regionsVisited: [{ ...visit, highRisk: true }],
      confirmedContact: true,
    })
    expect(suggestColour(all)).toEqual({
      colour: 'red',
      reasons: ['FEVER', 'SYMPTOMS', 'HIGH_RISK_TRAVEL', 'CONFIRMED_CONTACT'],
    })
  })
})
