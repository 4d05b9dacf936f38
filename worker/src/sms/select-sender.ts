// Picks the SMS sender for this Worker's environment, refusing a production without one.
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { DevInboxSender } from './dev-inbox-sender.ts'
import type { SmsSender } from './sms-sender.ts'

/** Development and test keep messages in the dev inbox; they are never sent anywhere. */
export function devInboxEnabled(config: Config): boolean {
  return config.environment !== 'production'
}

/**
 * The sender for this environment. Production has no SMS vendor yet: rather than silently
 * dropping sign-in codes (or writing them where anyone with database access reads them),
 * it fails with an error naming the missing setting, which onError logs; the rest of the
 * API (gates, verification, staff) keeps working.
 */
export function selectSmsSender(config: Config, db: Database, onSent?: () => void): SmsSender {
  if (devInboxEnabled(config)) return new DevInboxSender(db, onSent)
  // TODO(someday): choose the production SMS vendor (Aliyun SMS or Tencent Cloud SMS both
  // serve mainland numbers with signed templates), implement SmsSender for it over fetch,
  // and select it here from an SMS_PROVIDER setting with its credentials as secrets.
  throw new Error(
    'Worker misconfigured: SMS_PROVIDER: no SMS provider is configured for production',
  )
}
