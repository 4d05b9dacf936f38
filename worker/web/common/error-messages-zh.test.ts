// Every message the shared schemas give has Chinese beside it on the page.
import {
  colourChangeRequestSchema,
  healthDeclarationInputSchema,
  loginRequestSchema,
  otpRequestSchema,
  personDetailsSchema,
  rejectRequestSchema,
  staffPasswordSchema,
} from '@greengate/shared'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { chineseForApiMessage } from './error-messages-zh.ts'

/** The messages the API would give for `input`, straight from the shared schemas. */
function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the input to be refused')
  return result.error.issues.map((issue) => issue.message)
}

const person = {
  name: '张三明',
  document: { type: 'id_card', number: '330110198604120011' },
  address: '余杭区文一西路 1 号',
  relationship: 'child',
}

const declaration = {
  temperatureCelsius: 36.5,
  symptoms: ['none'],
  regionsVisited: [],
  confirmedContact: false,
}

describe('chineseForApiMessage', () => {
  it.each([
    ['a mobile number that is not mainland', otpRequestSchema, { phone: '12345' }],
    [
      'a sign-in code of the wrong length',
      loginRequestSchema,
      { phone: '13912345678', code: '12' },
    ],
    [
      'an ID card with a wrong checksum',
      personDetailsSchema,
      { ...person, document: { type: 'id_card', number: '330110198604120012' } },
    ],
    [
      'an ID card of the wrong length',
      personDetailsSchema,
      { ...person, document: { type: 'id_card', number: '330110' } },
    ],
    [
      'a household register number that is too short',
      personDetailsSchema,
      { ...person, document: { type: 'hukou', number: 'A1' } },
    ],
    [
      'a Hong Kong permit with the wrong letter',
      personDetailsSchema,
      { ...person, document: { type: 'hk_macao_permit', number: 'X12345678' } },
    ],
    ['an empty name', personDetailsSchema, { ...person, name: ' ' }],
    ['an empty address', personDetailsSchema, { ...person, address: '' }],
    [
      'a temperature too high',
      healthDeclarationInputSchema,
      { ...declaration, temperatureCelsius: 45 },
    ],
    [
      'a temperature too low',
      healthDeclarationInputSchema,
      { ...declaration, temperatureCelsius: 30 },
    ],
    [
      'no temperature at all',
      healthDeclarationInputSchema,
      { ...declaration, temperatureCelsius: null },
    ],
    [
      '"none" with a symptom',
      healthDeclarationInputSchema,
      { ...declaration, symptoms: ['none', 'cough'] },
    ],
    [
      'a visit that ends before it starts',
      healthDeclarationInputSchema,
      {
        ...declaration,
        regionsVisited: [{ region: '上海', from: '2026-05-02', to: '2026-05-01', highRisk: false }],
      },
    ],
    ['a rejection without a reason', rejectRequestSchema, { reason: '' }],
    ['a staff password that is too short', staffPasswordSchema, 'short'],
    [
      'a colour change without a reason',
      colourChangeRequestSchema,
      {
        checkpointId: 'cp1',
        from: 1,
        to: 2,
        colour: 'yellow',
        confirm: true,
        reason: '',
      },
    ],
  ])('has Chinese for the API’s words about %s', (_, schema, input) => {
    for (const message of messagesOf(schema as z.ZodType, input)) {
      expect(chineseForApiMessage(message), message).not.toBeNull()
    }
  })

  it('fills in the numbers the API names', () => {
    expect(chineseForApiMessage('Wrong code: 3 tries left')).toBe('验证码错误，还可尝试 3 次')
    expect(chineseForApiMessage('Body temperature must be at most 42.5 °C')).toBe(
      '体温不能高于 42.5 °C',
    )
  })

  it('has nothing for words it does not know, so the page shows the API’s own', () => {
    expect(chineseForApiMessage('Something nobody wrote yet')).toBeNull()
  })
})
