// The base error the gate's components extend.
export { GateError, errorGuard, type GateErrorOptions } from './gate-error.ts'
