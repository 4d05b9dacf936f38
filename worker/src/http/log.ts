// The Worker's logger: one JSON object per event, with the request id. No personal data.
import type { Context } from 'hono'
import type { AppEnv } from './app-env.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export function logEvent(
  c: Context<AppEnv>,
  level: LogLevel,
  msg: string,
  fields: Record<string, unknown> = {},
): void {
  const line = JSON.stringify({ level, msg, requestId: c.get('requestId'), ...fields })
  if (level === 'error' || level === 'warn') console.error(line)
  else console.log(line)
}
