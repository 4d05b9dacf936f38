// Serial QR scanner modules: text lines over a serial port that may vanish and come back.
import type { Logger } from 'pino'
import { SerialPort } from 'serialport'
import { LineSplitter, toScan } from './line-splitter.ts'
import type { Scan, ScanSource } from './scan-source.ts'
import { ScannerError } from './scanner-error.ts'

export interface SerialScannerOptions {
  /** Device path; prefer a stable `/dev/serial/by-id/...` link over `/dev/ttyUSB0`. */
  path: string
  lane: number
  baudRate?: number
  maxLineBytes?: number
  /** First pause before reopening a port that failed or vanished. Default 250 ms. */
  reconnectInitialMs?: number
  /** The pause doubles per failure up to this. Default 5000 ms. */
  reconnectMaxMs?: number
  name?: string
  logger: Logger
}

/**
 * `start()` resolves after the first attempt to open the port, whether or not the scanner is
 * there: a missing scanner is logged and retried with backoff, never fatal. A line cut off by
 * a disconnect is discarded, not glued to the first line after the reconnect.
 */
export class SerialScanner implements ScanSource {
  readonly name: string
  readonly #options: SerialScannerOptions
  readonly #splitter: LineSplitter
  #port: SerialPort | undefined
  #onScan: ((scan: Scan) => void) | undefined
  #retryTimer: NodeJS.Timeout | undefined
  #backoffMs: number
  /** Set while open attempts keep failing, so only the first failure is a warning. */
  #failing = false

  constructor(options: SerialScannerOptions) {
    checkOptions(options)
    this.name = options.name ?? `serial-scanner:${options.path}`
    this.#options = options
    this.#splitter = new LineSplitter(options.maxLineBytes)
    this.#backoffMs = options.reconnectInitialMs ?? 250
  }

  get connected(): boolean {
    return this.#port?.isOpen === true
  }

  async start(onScan: (scan: Scan) => void): Promise<void> {
    this.#onScan = onScan
    await this.#connect()
  }

  async stop(): Promise<void> {
    this.#onScan = undefined
    clearTimeout(this.#retryTimer)
    const port = this.#port
    this.#port = undefined
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }

  async #connect(): Promise<void> {
    const { path, baudRate = 9600, logger } = this.#options
    const port = new SerialPort({ path, baudRate, autoOpen: false })
    try {
      await new Promise<void>((resolve, reject) => {
        port.open((err) => (err ? reject(err) : resolve()))
      })
    } catch (err) {
      const level = this.#failing ? 'debug' : 'warn'
      logger[level]({ err, retryInMs: this.#backoffMs }, 'scanner not available')
      this.#failing = true
      this.#scheduleReconnect()
      return
    }
    if (!this.#onScan) {
      await new Promise<void>((resolve) => port.close(() => resolve()))
      return
    }

    this.#port = port
    this.#failing = false
    this.#backoffMs = this.#initialBackoff()
    this.#splitter.reset()
    port.on('data', (chunk: Buffer) => this.#receive(chunk))
    port.on('error', (err) => logger.warn({ err }, 'scanner port error'))
    port.on('close', () => {
      if (this.#port !== port) return
      this.#port = undefined
      logger.warn('scanner disconnected')
      this.#scheduleReconnect()
    })
    logger.info('scanner connected')
  }

  #receive(chunk: Buffer): void {
    const receivedAt = performance.now()
    for (const line of this.#splitter.push(chunk)) {
      this.#onScan?.(toScan(line, this.#options.lane, this.name, receivedAt))
    }
  }

  #scheduleReconnect(): void {
    if (!this.#onScan) return
    const delay = this.#backoffMs
    this.#backoffMs = Math.min(delay * 2, this.#options.reconnectMaxMs ?? 5000)
    this.#retryTimer = setTimeout(() => void this.#connect(), delay)
  }

  #initialBackoff(): number {
    return this.#options.reconnectInitialMs ?? 250
  }
}

function checkOptions(options: SerialScannerOptions): void {
  const invalid = (message: string) => new ScannerError('SCANNER_CONFIG_INVALID', message)
  if (options.path.length === 0) throw invalid('path must name a serial device')
  if (!Number.isInteger(options.lane) || options.lane < 1) throw invalid('lane must be 1 or more')
  const initial = options.reconnectInitialMs ?? 250
  const max = options.reconnectMaxMs ?? 5000
  if (!(initial > 0) || !(max >= initial)) {
    throw invalid('reconnectInitialMs must be positive and at most reconnectMaxMs')
  }
}
