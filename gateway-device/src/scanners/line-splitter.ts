// Cuts a byte stream from a scanner into lines: one set of rules for every line-based source.
import type { Scan } from './scan-source.ts'
import { ScannerError } from './scanner-error.ts'

const CR = 0x0d
const LF = 0x0a
const DEL = 0x7f
export const DEFAULT_MAX_LINE_BYTES = 4096

/** A line as the splitter found it; the source adds lane, name and time. */
export type SplitLine = Pick<Scan, 'text' | 'problem'>

/**
 * Rules: CR, LF and CRLF each end a line (CRLF once, even split across chunks); empty lines
 * are skipped; other control bytes (NUL, STX, ETX, TAB, ...) are noise and dropped; a line
 * longer than `maxLineBytes` is reported once as `too_long` when it overflows, and the rest of
 * it is skipped up to the next terminator; bytes that are not UTF-8 give `not_utf8`.
 */
export class LineSplitter {
  readonly #line: Buffer
  readonly #strict = new TextDecoder('utf-8', { fatal: true })
  readonly #lossy = new TextDecoder('utf-8')
  #length = 0
  #overflowed = false
  #afterCr = false

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new ScannerError('SCANNER_CONFIG_INVALID', 'maxLineBytes must be a positive integer')
    }
    this.#line = Buffer.alloc(maxLineBytes)
  }

  /** The complete lines `chunk` finished, in order. */
  push(chunk: Uint8Array): SplitLine[] {
    const lines: SplitLine[] = []
    for (const byte of chunk) {
      const afterCr = this.#afterCr
      this.#afterCr = byte === CR
      if (byte === LF && afterCr) continue

      if (byte === CR || byte === LF) {
        const line = this.#finish()
        if (line) lines.push(line)
      } else if (byte < 0x20 || byte === DEL || this.#overflowed) {
        continue
      } else if (this.#length === this.#line.length) {
        this.#overflowed = true
        this.#length = 0
        lines.push({ text: '', problem: 'too_long' })
      } else {
        this.#line[this.#length] = byte
        this.#length += 1
      }
    }
    return lines
  }

  /** Forgets a partial line, e.g. one cut off when the device went away. */
  reset(): void {
    this.#clearLine()
    this.#afterCr = false
  }

  #clearLine(): void {
    this.#length = 0
    this.#overflowed = false
  }

  #finish(): SplitLine | undefined {
    const overflowed = this.#overflowed
    const bytes = this.#line.subarray(0, this.#length)
    this.#clearLine()
    if (overflowed || bytes.length === 0) return undefined

    try {
      return { text: this.#strict.decode(bytes) }
    } catch {
      return { text: this.#lossy.decode(bytes), problem: 'not_utf8' }
    }
  }
}

/** The scan a source reports for one split line. */
export function toScan(line: SplitLine, lane: number, source: string, receivedAt: number): Scan {
  const scan: Scan = { lane, source, text: line.text, receivedAt }
  if (line.problem) scan.problem = line.problem
  return scan
}
