// The development SMS sender: keeps each message in D1 for GET /dev/sms-inbox.
import { randomId } from '@greengate/shared'
import type { Database } from '../db/client.ts'
import { nowSeconds } from '../db/client.ts'
import { devSmsInbox } from '../db/schema.ts'
import type { SmsSender } from './sms-sender.ts'

/** Stores messages instead of sending them; select-sender.ts never builds it in production. */
export class DevInboxSender implements SmsSender {
  readonly #db: Database
  readonly #onSent: () => void

  /** `onSent` lets the caller log that a message waits in the inbox (without its text). */
  constructor(db: Database, onSent: () => void = () => {}) {
    this.#db = db
    this.#onSent = onSent
  }

  async send(phone: string, message: string): Promise<void> {
    await this.#db
      .insert(devSmsInbox)
      .values({ id: randomId(16), phone, message, createdAt: nowSeconds() })
    this.#onSent()
  }
}
