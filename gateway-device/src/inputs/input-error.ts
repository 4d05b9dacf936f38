// The one error the inputs throw: a stable code callers switch on.
import { GateError } from '../errors/gate-error.ts'

export const INPUT_ERROR_CODES = [
  'INPUT_CONFIG_INVALID',
  'INPUT_NOT_STARTED',
  'FIRE_ALARM_CONTACT_ACTIVE',
  'GPIO_CHIP_MISSING',
  'GPIO_LINE_BUSY',
  'GPIO_PERMISSION_DENIED',
  'GPIO_TOOL_MISSING',
  'GPIO_TOOL_FAILED',
] as const

export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number]

export class InputError extends GateError<InputErrorCode> {}
