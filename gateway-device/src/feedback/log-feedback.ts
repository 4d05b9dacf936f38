// Feedback as a log line, for a staffed handheld whose operator watches the console.
import type { Logger } from 'pino'
import type { LaneFeedback, LaneResult } from './lane-result.ts'
import { REASON_MESSAGES } from './messages.ts'

export class LogFeedback implements LaneFeedback {
  readonly name = 'log'
  readonly #logger: Logger

  constructor(logger: Logger) {
    this.#logger = logger
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The masked name is left out: logs carry no personal data. */
  show(result: LaneResult): void {
    const { lane, verdict, reason } = result
    this.#logger.info({ lane, verdict, reason, message: REASON_MESSAGES[reason].en }, 'lane result')
  }
}
