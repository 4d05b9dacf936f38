// The one error scan sources throw: a stable code callers switch on.
import { GateError } from '../errors/gate-error.ts'

export const SCANNER_ERROR_CODES = ['SCANNER_CONFIG_INVALID', 'SCANNER_SOURCE_MISSING'] as const

export type ScannerErrorCode = (typeof SCANNER_ERROR_CODES)[number]

export class ScannerError extends GateError<ScannerErrorCode> {}
