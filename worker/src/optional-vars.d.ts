// Variables a deployment may set but need not (so `wrangler types` cannot see them).
interface __BaseEnv_Env {
  /** JSON array of neighbouring districts whose codes we accept: `{ iss, jwks }` each. */
  TRUSTED_ISSUERS?: string
  /** The district's SMS gateway: the Worker POSTs each message there (sms/webhook-sender.ts). */
  SMS_WEBHOOK_URL?: string
  /** Secret: sent to the SMS gateway as `Authorization: Bearer <token>`. */
  SMS_WEBHOOK_TOKEN?: string
}
