// The Worker's settings, read from its environment and checked once per isolate.
import {
  MAX_PHONE_CODE_LIFETIME_SECONDS,
  MAX_PRINTED_PASS_LIFETIME_SECONDS,
} from '@greengate/shared'
import { z } from 'zod'
import { REPLICA_LAG_ALLOWANCE_SECONDS } from './services/replica-lag.ts'

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int()
    .positive()

const configSchema = z.object({
  ENVIRONMENT: z.enum(['development', 'test', 'production']),
  ISSUER: z.string().min(1).max(32),
  // Verifiers refuse codes signed to live longer (exp - iat), ours and neighbours' alike; a
  // fetched code's iat is set back by the replica-lag allowance, so that comes off the TTL.
  CODE_TTL_SECONDS: positiveInt('CODE_TTL_SECONDS').max(
    MAX_PHONE_CODE_LIFETIME_SECONDS - REPLICA_LAG_ALLOWANCE_SECONDS,
  ),
  PRINTED_PASS_TTL_DAYS: positiveInt('PRINTED_PASS_TTL_DAYS').max(
    MAX_PRINTED_PASS_LIFETIME_SECONDS / 86_400,
  ),
  RETENTION_DAYS: positiveInt('RETENTION_DAYS').max(3650),
  DATA_KEY: z.base64({ error: 'DATA_KEY must be base64 of 32 bytes' }).length(44),
  LOOKUP_KEY: z.base64({ error: 'LOOKUP_KEY must be base64 of 32 bytes' }).length(44),
  SIGNING_KEYS: z.string().min(2),
  SMS_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'SMS_WEBHOOK_URL must be an http(s) URL' })
    .optional(),
  SMS_WEBHOOK_TOKEN: z
    .string()
    .min(16, 'SMS_WEBHOOK_TOKEN must be at least 16 characters')
    .optional(),
})

export interface Config {
  environment: 'development' | 'test' | 'production'
  issuer: string
  codeTtlSeconds: number
  printedPassTtlSeconds: number
  retentionSeconds: number
  dataKey: string
  lookupKey: string
  signingKeys: string
  /** The district's SMS gateway, when set (see sms/webhook-sender.ts). */
  smsWebhook: { url: string; token: string | undefined } | undefined
}

// Env objects are the same for the life of an isolate; parsing them once per
// object is a pure cache, not state shared between requests.
const parsed = new WeakMap<object, Config>()

/** Reads and checks the settings; a bad one throws naming the variable. */
export function configOf(env: Env): Config {
  const cached = parsed.get(env)
  if (cached !== undefined) return cached

  const result = configSchema.safeParse(env)
  if (!result.success) {
    const names = result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`)
    throw new Error(`Worker misconfigured: ${names.join('; ')}`)
  }
  const v = result.data
  const config: Config = {
    environment: v.ENVIRONMENT,
    issuer: v.ISSUER,
    codeTtlSeconds: v.CODE_TTL_SECONDS,
    printedPassTtlSeconds: v.PRINTED_PASS_TTL_DAYS * 86_400,
    retentionSeconds: v.RETENTION_DAYS * 86_400,
    dataKey: v.DATA_KEY,
    lookupKey: v.LOOKUP_KEY,
    signingKeys: v.SIGNING_KEYS,
    smsWebhook:
      v.SMS_WEBHOOK_URL === undefined
        ? undefined
        : { url: v.SMS_WEBHOOK_URL, token: v.SMS_WEBHOOK_TOKEN },
  }
  parsed.set(env, config)
  return config
}
