// A relay board's serial port: reopened by the next write after a disconnect, not after close().
import type { Logger } from 'pino'
import { SerialPort } from 'serialport'
import { RelayError } from './relay-error.ts'

export interface SerialLinkOptions {
  path: string
  baudRate: number
  parity?: 'none' | 'even' | 'odd'
  stopBits?: 1 | 2
  /** How long a write may take to drain before it fails with `RELAY_TIMEOUT`. */
  writeTimeoutMs?: number
  logger: Logger
}

/** Bytes from the port go to every subscriber; a disconnect shows up on the next write. */
export class SerialLink {
  readonly #options: SerialLinkOptions
  readonly #subscribers = new Set<(data: Buffer) => void>()
  #port: SerialPort | undefined
  /** True from open() to close(): only then does a write reopen a lost port. */
  #wanted = false

  constructor(options: SerialLinkOptions) {
    this.#options = options
  }

  get isOpen(): boolean {
    return this.#port?.isOpen === true
  }

  /**
   * Opens the port; rejects with `PORT_DISCONNECTED` when the device is not there, or with
   * `RELAY_NOT_STARTED` when `close()` came while it was opening.
   */
  async open(): Promise<void> {
    if (this.isOpen) return
    this.#wanted = true

    const { path, baudRate, parity = 'none', stopBits = 1 } = this.#options
    const port = new SerialPort({ path, baudRate, parity, stopBits, autoOpen: false })
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(disconnected('cannot open serial port', err)) : resolve()))
    })
    port.on('data', (data: Buffer) => {
      for (const subscriber of this.#subscribers) subscriber(data)
    })
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.#port === port) this.#port = undefined
      if (err?.disconnected) this.#options.logger.warn({ err }, 'serial port disconnected')
    })
    port.on('error', (err) => this.#options.logger.warn({ err }, 'serial port error'))
    // Closed while it was opening: let go of it rather than hold a port nobody wants.
    if (!this.#wanted) {
      await closePort(port)
      throw notOpen()
    }
    this.#port = port
  }

  /**
   * Writes and waits until the bytes have left the host, reopening a lost port first; after
   * `close()` it rejects with `RELAY_NOT_STARTED` instead, so a late command cannot reopen it.
   */
  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#wanted) throw notOpen()
    if (!this.isOpen) await this.open()
    const port = this.#port
    if (!port) throw disconnected('serial port closed while opening')

    const timeoutMs = this.#options.writeTimeoutMs ?? 1000
    try {
      await withTimeout(writeAndDrain(port, bytes), timeoutMs)
    } catch (err) {
      await this.#release()
      if (err instanceof RelayError) throw err
      throw disconnected('serial write failed', err)
    }
  }

  /** Discards bytes received but not yet read (a late reply to an earlier request). */
  async discardInput(): Promise<void> {
    const port = this.#port
    if (!port?.isOpen) return
    await new Promise<void>((resolve) => port.flush(() => resolve()))
  }

  /** Calls `subscriber` with every chunk received; returns the unsubscribe function. */
  subscribe(subscriber: (data: Buffer) => void): () => void {
    this.#subscribers.add(subscriber)
    return () => this.#subscribers.delete(subscriber)
  }

  /** Closes the port for good: only `open()` brings it back. */
  async close(): Promise<void> {
    this.#wanted = false
    await this.#release()
  }

  async #release(): Promise<void> {
    const port = this.#port
    this.#port = undefined
    if (port) await closePort(port)
  }
}

function closePort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve()
  return new Promise((resolve) => port.close(() => resolve()))
}

function writeAndDrain(port: SerialPort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(bytes), (err) => {
      if (err) reject(err)
    })
    port.drain((err) => (err ? reject(err) : resolve()))
  })
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RelayError('RELAY_TIMEOUT', `serial write did not drain within ${timeoutMs} ms`))
    }, timeoutMs)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function notOpen(): RelayError {
  return new RelayError('RELAY_NOT_STARTED', 'serial port was closed')
}

function disconnected(message: string, cause?: unknown): RelayError {
  return new RelayError('PORT_DISCONNECTED', message, { cause })
}
