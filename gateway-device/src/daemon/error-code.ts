// The stable `code` of an error from any of the gate's components, for logs, metrics and status.

export function errorCodeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code
  }
  return 'UNKNOWN'
}
