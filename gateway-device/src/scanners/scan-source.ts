// The contract of anything that reads QR code text for a lane: serial modules, FIFOs, stdin.

/** One line read from a scanner. */
export interface Scan {
  lane: number
  /** The source's `name`. */
  source: string
  /**
   * The decoded line, control bytes removed. With `not_utf8` it is a lossy decoding (U+FFFD
   * for bad bytes); with `too_long` it is empty, as the line was not kept.
   */
  text: string
  /** performance.now() in ms when the line's last chunk arrived. */
  receivedAt: number
  problem?: 'not_utf8' | 'too_long'
}

/**
 * A source reports each line through `onScan` once `start()` resolves, and nothing after
 * `stop()` resolves. Bad input (noise, over-long lines, bad UTF-8) never throws: it is skipped
 * or reported as a scan with a `problem`.
 */
export interface ScanSource {
  readonly name: string
  start(onScan: (scan: Scan) => void): Promise<void>
  stop(): Promise<void>
}
