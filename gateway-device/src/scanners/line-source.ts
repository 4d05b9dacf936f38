// Lines typed or piped in: stdin for a staffed handheld, or a FIFO that tests and tools write.
import { constants, open } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Socket } from 'node:net'
import type { Readable } from 'node:stream'
import type { Logger } from 'pino'
import { LineSplitter, toScan } from './line-splitter.ts'
import type { Scan, ScanSource } from './scan-source.ts'
import { ScannerError } from './scanner-error.ts'

export interface LineSourceOptions {
  lane: number
  /** A FIFO (named pipe) to read. Omit it to read `stream`, or else stdin. */
  path?: string
  /** A stream to read instead of stdin; it is left open on `stop()`. */
  stream?: Readable
  maxLineBytes?: number
  name?: string
  logger: Logger
}

/**
 * A FIFO is opened for reading and writing, so opening never waits for a writer and writers
 * may come and go without the source seeing end-of-file.
 */
export class LineSource implements ScanSource {
  readonly name: string
  readonly #options: LineSourceOptions
  readonly #splitter: LineSplitter
  #input: Readable | undefined
  #ownsInput = false
  #onScan: ((scan: Scan) => void) | undefined
  readonly #onData = (chunk: Buffer) => this.#receive(chunk)
  readonly #onEnd = () => this.#options.logger.info('line source ended')

  constructor(options: LineSourceOptions) {
    if (!Number.isInteger(options.lane) || options.lane < 1) {
      throw new ScannerError('SCANNER_CONFIG_INVALID', 'lane must be 1 or more')
    }
    this.name = options.name ?? (options.path ? `fifo:${options.path}` : 'stdin')
    this.#options = options
    this.#splitter = new LineSplitter(options.maxLineBytes)
  }

  async start(onScan: (scan: Scan) => void): Promise<void> {
    const { path, stream } = this.#options
    const input = path ? await openFifo(path) : (stream ?? process.stdin)
    this.#ownsInput = path !== undefined
    this.#input = input
    this.#onScan = onScan
    this.#splitter.reset()
    input.on('data', this.#onData)
    input.on('end', this.#onEnd)
    input.resume()
  }

  async stop(): Promise<void> {
    const input = this.#input
    this.#input = undefined
    this.#onScan = undefined
    if (!input) return

    input.off('data', this.#onData)
    input.off('end', this.#onEnd)
    if (this.#ownsInput) input.destroy()
    else input.pause()
  }

  #receive(chunk: Buffer): void {
    const receivedAt = performance.now()
    for (const line of this.#splitter.push(chunk)) {
      this.#onScan?.(toScan(line, this.#options.lane, this.name, receivedAt))
    }
  }
}

async function openFifo(path: string): Promise<Readable> {
  const info = await stat(path).catch((err: unknown) => {
    throw new ScannerError('SCANNER_SOURCE_MISSING', `no FIFO at ${path}`, { cause: err })
  })
  if (!info.isFIFO()) {
    const message = `${path} is not a FIFO (create it with mkfifo)`
    throw new ScannerError('SCANNER_CONFIG_INVALID', message)
  }

  // A raw descriptor, not a FileHandle: the socket owns it and closes it on destroy().
  const fd = await new Promise<number>((resolve, reject) => {
    open(path, constants.O_RDWR | constants.O_NONBLOCK, (err, opened) => {
      if (!err) return resolve(opened)
      reject(new ScannerError('SCANNER_SOURCE_MISSING', `cannot open ${path}`, { cause: err }))
    })
  })
  return new Socket({ fd, readable: true, writable: false })
}
