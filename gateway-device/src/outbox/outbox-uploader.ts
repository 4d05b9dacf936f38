// Uploads the outbox to the edge in batches, oldest first, backing off while the edge is down.
import type { PassEventBatch, PassEventReceipt } from '@greengate/shared'
import type { Logger } from 'pino'
import type { Outbox } from './outbox.ts'

/**
 * What to do with a batch the edge refused: `retry` it later unchanged, or `split` it, because
 * the edge refused its content (one bad record, or too large), so halves may pass.
 */
export type UploadFailureKind = 'retry' | 'split'

export interface OutboxUploaderOptions {
  outbox: Pick<Outbox, 'pending' | 'markUploaded' | 'markRejected'>
  /** Resolves once the edge has stored the batch; throws otherwise. */
  send: (batch: PassEventBatch) => Promise<PassEventReceipt>
  classify?: (err: unknown) => UploadFailureKind
  batchSize: number
  /** Pause between uploads while nothing nudges. */
  intervalMs: number
  /** First wait after a failure; doubles on each further failure. Default 1000. */
  minBackoffMs?: number
  maxBackoffMs: number
  /** Wait after a nudge, so a burst of decisions goes up as one batch. Default 250. */
  nudgeDelayMs?: number
  /** Jitter source in [0, 1). */
  random?: () => number
  now?: () => number
  logger: Logger
}

export interface UploaderStatus {
  uploading: boolean
  /** Unix ms of the last upload the edge acknowledged. */
  lastSuccessAt: number | null
  lastFailureAt: number | null
  /** `code` of the last failure, when it had one. */
  lastErrorCode: string | null
  consecutiveFailures: number
  /** Events acknowledged since start (first-time stores and duplicates alike). */
  uploaded: number
  /** Of those, events the edge already had: uploads repeated after a lost answer. */
  duplicates: number
  /** Events the edge refused on their own, kept on disk until the next start. */
  rejected: number
}

/**
 * Ids are chosen at decision time and stored with the record, so a batch resent after a lost
 * answer (or a crash between the upload and `markUploaded`) carries the same ids and the edge
 * counts it as duplicates: nothing is stored twice, nothing is lost.
 */
export class OutboxUploader {
  readonly #options: OutboxUploaderOptions
  readonly #now: () => number
  #timer: NodeJS.Timeout | undefined
  #dueAt = Number.POSITIVE_INFINITY
  #running: Promise<void> | undefined
  #started = false
  #nudged = false
  #status: UploaderStatus = {
    uploading: false,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastErrorCode: null,
    consecutiveFailures: 0,
    uploaded: 0,
    duplicates: 0,
    rejected: 0,
  }

  constructor(options: OutboxUploaderOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  start(): void {
    if (this.#started) return
    this.#started = true
    this.#schedule(0)
  }

  /** Stops scheduling; waits for an upload in flight to settle. */
  async stop(): Promise<void> {
    this.#started = false
    this.#clearTimer()
    await this.#running
  }

  /** New records are waiting: upload soon, unless the edge is failing (then the backoff rules). */
  nudge(): void {
    if (!this.#started) return
    if (this.#running) {
      this.#nudged = true
      return
    }
    if (this.#status.consecutiveFailures > 0) return
    const delay = this.#options.nudgeDelayMs ?? 250
    if (this.#dueAt > this.#now() + delay) this.#schedule(delay)
  }

  /** One last upload round (shutdown): resolves true when the outbox was emptied in time. */
  async flush(timeoutMs: number): Promise<boolean> {
    await this.#running
    const deadline = this.#now() + timeoutMs
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs)
    })
    const drained = this.#drain(() => this.#now() < deadline)
    const running = drained.then(() => undefined)
    this.#running = running
    try {
      return await Promise.race([drained, late])
    } finally {
      clearTimeout(timer)
      void running.finally(() => {
        if (this.#running === running) this.#running = undefined
      })
    }
  }

  status(): UploaderStatus {
    return { ...this.#status, uploading: this.#running !== undefined }
  }

  #schedule(delayMs: number): void {
    this.#clearTimer()
    this.#dueAt = this.#now() + delayMs
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#dueAt = Number.POSITIVE_INFINITY
      this.#cycle()
    }, delayMs)
  }

  #clearTimer(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#dueAt = Number.POSITIVE_INFINITY
  }

  #cycle(): void {
    if (this.#running || !this.#started) return
    this.#nudged = false
    this.#running = this.#drain(() => this.#started)
      .then((emptied) => {
        if (!this.#started) return
        if (!emptied) return this.#schedule(this.#backoffMs())
        this.#schedule(
          this.#nudged ? (this.#options.nudgeDelayMs ?? 250) : this.#options.intervalMs,
        )
      })
      .finally(() => {
        this.#running = undefined
      })
  }

  /** Uploads batch after batch; true once nothing is pending, false on a failure or when told. */
  async #drain(keepGoing: () => boolean): Promise<boolean> {
    try {
      for (;;) {
        if (!keepGoing()) return false
        const events = this.#options.outbox.pending(this.#options.batchSize)
        if (events.length === 0) {
          this.#status.consecutiveFailures = 0
          return true
        }
        if (!(await this.#upload(events))) return false
      }
    } catch (err) {
      this.#failed(err)
      return false
    }
  }

  async #upload(events: PassEventBatch['events']): Promise<boolean> {
    try {
      const receipt = await this.#options.send({ events })
      this.#options.outbox.markUploaded(events.map((event) => event.id))
      this.#status.uploaded += events.length
      this.#status.duplicates += receipt.duplicates
      this.#status.lastSuccessAt = this.#now()
      this.#status.consecutiveFailures = 0
      this.#options.logger.debug({ events: events.length, ...receipt }, 'pass events uploaded')
      return true
    } catch (err) {
      const kind = this.#options.classify?.(err) ?? 'retry'
      if (kind === 'retry') {
        this.#failed(err)
        return false
      }
      return this.#split(events, err)
    }
  }

  /** Halves a refused batch until the record the edge will not take is alone; sets it aside. */
  async #split(events: PassEventBatch['events'], err: unknown): Promise<boolean> {
    const [only] = events
    if (events.length === 1 && only) {
      this.#options.outbox.markRejected(only.id)
      this.#status.rejected += 1
      this.#options.logger.error(
        { err, lane: only.lane, reason: only.reason },
        'pass event rejected by edge',
      )
      return true
    }
    const half = Math.ceil(events.length / 2)
    return (await this.#upload(events.slice(0, half))) && (await this.#upload(events.slice(half)))
  }

  #failed(err: unknown): void {
    this.#status.consecutiveFailures += 1
    this.#status.lastFailureAt = this.#now()
    this.#status.lastErrorCode = codeOf(err)
    this.#options.logger.warn(
      { err, failures: this.#status.consecutiveFailures },
      'pass event upload failed',
    )
  }

  #backoffMs(): number {
    const min = this.#options.minBackoffMs ?? 1000
    const exponent = Math.min(this.#status.consecutiveFailures - 1, 30)
    const ceiling = Math.min(this.#options.maxBackoffMs, min * 2 ** exponent)
    // Jitter spreads a city's gates apart when the edge comes back.
    return Math.round(ceiling * (0.5 + 0.5 * (this.#options.random ?? Math.random)()))
  }
}

function codeOf(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code
  }
  return null
}
