// One Modbus RTU master on one serial link: a request at a time, timed out, retried, checked.
import type { Logger } from 'pino'
import { CommandQueue } from './command-queue.ts'
import {
  buildReadCoilsRequest,
  buildWriteCoilRequest,
  checkReply,
  coilsFromReply,
  describeException,
  expectedReplyLength,
} from './modbus-frame.ts'
import { RelayError } from './relay-error.ts'
import type { SerialLink } from './serial-link.ts'

export interface ModbusRtuClientOptions {
  link: SerialLink
  unitId: number
  /** How long to wait for each reply once the request has left the host. */
  timeoutMs: number
  /** Further attempts after a timeout or a garbled reply; exception replies are final. */
  retries: number
  /** Silence kept on the bus between frames (at least 3.5 characters). */
  interFrameMs: number
  logger: Logger
}

type AttemptOutcome =
  | { kind: 'ok'; frame: Uint8Array }
  | { kind: 'retryable'; error: RelayError }
  | { kind: 'final'; error: RelayError }

export class ModbusRtuClient {
  readonly #options: ModbusRtuClientOptions
  readonly #queue = new CommandQueue()
  #quietUntil = 0

  constructor(options: ModbusRtuClientOptions) {
    this.#options = options
  }

  /** Function 0x05; resolves once the board has echoed the request. */
  async writeCoil(address: number, on: boolean): Promise<void> {
    await this.#transact(buildWriteCoilRequest(this.#options.unitId, address, on))
  }

  /** Function 0x01; the states of `count` coils from `address` on. */
  async readCoils(address: number, count: number): Promise<boolean[]> {
    const reply = await this.#transact(buildReadCoilsRequest(this.#options.unitId, address, count))
    return coilsFromReply(reply, count)
  }

  /** Resolves once every request queued so far has been answered or has failed. */
  async idle(): Promise<void> {
    await this.#queue.idle()
  }

  #transact(request: Uint8Array): Promise<Uint8Array> {
    return this.#queue.run(async () => {
      const attempts = this.#options.retries + 1
      let lastError: RelayError | undefined
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        const outcome = await this.#attempt(request, attempt)
        if (outcome.kind === 'ok') return outcome.frame
        if (outcome.kind === 'final') throw outcome.error

        lastError = outcome.error
        this.#options.logger.warn(
          { err: outcome.error, attempt, functionCode: request[1] },
          'modbus attempt failed',
        )
      }
      throw lastError ?? new RelayError('RELAY_TIMEOUT', 'modbus request was never sent')
    })
  }

  async #attempt(request: Uint8Array, attempt: number): Promise<AttemptOutcome> {
    const { link, timeoutMs } = this.#options
    await sleep(this.#quietUntil - performance.now())
    await link.discardInput()

    const chunks: Buffer[] = []
    let received = Buffer.alloc(0)
    let wake: (() => void) | undefined
    const unsubscribe = link.subscribe((data) => {
      chunks.push(data)
      received = Buffer.concat(chunks)
      wake?.()
    })
    try {
      await link.write(request)
      const complete = await waitFor(
        () => isComplete(request, received),
        (resolve) => (wake = resolve),
        timeoutMs,
      )
      if (!complete) return { kind: 'retryable', error: silence(request, received, attempt) }

      const length = expectedReplyLength(request, received) ?? received.length
      return judge(request, received.subarray(0, length), attempt)
    } catch (err) {
      if (err instanceof RelayError) return { kind: 'retryable', error: err }
      throw err
    } finally {
      unsubscribe()
      this.#quietUntil = performance.now() + this.#options.interFrameMs
    }
  }
}

function judge(request: Uint8Array, reply: Uint8Array, attempts: number): AttemptOutcome {
  const verdict = checkReply(request, reply)
  if (verdict.kind === 'ok') return { kind: 'ok', frame: reply }

  if (verdict.kind === 'exception') {
    const { exceptionCode } = verdict
    const message = `modbus exception ${exceptionCode} (${describeException(exceptionCode)})`
    return {
      kind: 'final',
      error: new RelayError('RELAY_EXCEPTION', message, { details: { exceptionCode, attempts } }),
    }
  }
  const message = `modbus reply failed its ${verdict.reason} check`
  return {
    kind: 'retryable',
    error: new RelayError('RELAY_BAD_REPLY', message, { details: { attempts } }),
  }
}

function silence(request: Uint8Array, received: Uint8Array, attempts: number): RelayError {
  if (received.length === 0) {
    return new RelayError('RELAY_TIMEOUT', `no modbus reply to function ${request[1]}`, {
      details: { attempts },
    })
  }
  return new RelayError('RELAY_BAD_REPLY', 'modbus reply was cut short', { details: { attempts } })
}

function isComplete(request: Uint8Array, received: Uint8Array): boolean {
  const length = expectedReplyLength(request, received)
  return length !== undefined && received.length >= length
}

/** Resolves true as soon as `done()` holds (re-checked on every wake), false after `ms`. */
function waitFor(
  done: () => boolean,
  onWake: (wake: () => void) => void,
  ms: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (done()) return resolve(true)
    const timer = setTimeout(() => resolve(false), ms)
    onWake(() => {
      if (!done()) return
      clearTimeout(timer)
      resolve(true)
    })
  })
}

function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve) => setTimeout(resolve, ms))
}
