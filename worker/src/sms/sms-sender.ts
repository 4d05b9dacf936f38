// How the Worker sends a text message; implementations deliver it (a vendor) or keep it
// for a developer to read (the dev inbox).

/**
 * Sends one SMS to a mainland mobile number (11 digits, no country code).
 *
 * Contract for every implementation:
 * - resolves once the provider has accepted the message (not necessarily delivered);
 * - rejects with an Error whose message names no phone number and no message text
 *   (the text holds a one-time code), so that the error can be logged as it is;
 * - never logs the phone or the text itself.
 */
export interface SmsSender {
  send(phone: string, message: string): Promise<void>
}

/** Which sender a Worker uses; `dev-inbox` only outside production. */
export type SmsProviderName = 'dev-inbox'
