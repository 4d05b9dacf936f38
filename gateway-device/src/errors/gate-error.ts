// The base of every gate component's error: a stable code from the component's own closed union.

/** What every gate error accepts besides its code and message; subclasses add their own facts. */
export interface GateErrorOptions {
  cause?: unknown
}

/**
 * Each component subclasses this with its code union (`class RelayError extends
 * GateError<RelayErrorCode> {}`), so callers still tell components apart with `instanceof`
 * and switch on `code`, and a code from another component's list does not type-check.
 */
export class GateError<Code extends string> extends Error {
  readonly code: Code

  constructor(code: Code, message: string, options: GateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    // The subclass's own name (`RelayError`), which logs print beside the message.
    this.name = new.target.name
    this.code = code
  }
}

/** A component's error class, as `errorGuard` takes it. */
type GateErrorClass<E extends GateError<string>> = abstract new (...args: never[]) => E

/** Makes `isRelayError(err, code?)`: whether `err` is of that class, and carries `code` if given. */
export function errorGuard<E extends GateError<string>>(
  errorClass: GateErrorClass<E>,
): (err: unknown, code?: E['code']) => err is E {
  return (err: unknown, code?: E['code']): err is E =>
    err instanceof errorClass && (code === undefined || err.code === code)
}
