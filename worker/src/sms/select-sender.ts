// Picks the SMS sender for this Worker's environment, refusing a production without one.
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { DevInboxSender } from './dev-inbox-sender.ts'
import type { SmsSender } from './sms-sender.ts'
import { WebhookSmsSender } from './webhook-sender.ts'

/** Development and test keep messages in the dev inbox; they are never sent anywhere. */
export function devInboxEnabled(config: Config): boolean {
  return config.environment !== 'production'
}

/**
 * The sender for this environment: the dev inbox outside production, the district's SMS
 * gateway in production. A production without a gateway fails each send with an error
 * naming the missing setting (onError logs it) rather than silently dropping sign-in codes
 * or writing them where anyone with database access reads them; the rest of the API
 * (gates, verification, staff) keeps working.
 */
export function selectSmsSender(config: Config, db: Database, onSent?: () => void): SmsSender {
  if (devInboxEnabled(config)) return new DevInboxSender(db, onSent)
  if (config.smsWebhook !== undefined) return new WebhookSmsSender(config.smsWebhook)
  throw new Error(
    'Worker misconfigured: SMS_WEBHOOK_URL: no SMS gateway is configured for production',
  )
}
