// End-to-end support: simulated relays, but scan sources as the config names them (a camera
// reading a video through ffmpeg), held back until the test lets them start.
import type { Logger } from 'pino'
import type { SourceConfig } from '../../src/config/hardware-schema.ts'
import { realHardware } from '../../src/daemon/hardware-factory.ts'
import { SimulatedHardware } from '../../src/daemon/testing/simulated-hardware.ts'
import type { Scan, ScanSource } from '../../src/scanners/scan-source.ts'

/**
 * A video plays at its own pace from the moment ffmpeg starts: held until the gate is ready,
 * the phone cannot appear while the gate still refuses everyone for want of a cache.
 */
export class HeldSourcesHardware extends SimulatedHardware {
  readonly held: HeldSource[] = []

  override scanSource(source: SourceConfig, lane: number, logger: Logger): ScanSource {
    const held = new HeldSource(realHardware.scanSource(source, lane, logger))
    this.held.push(held)
    return held
  }

  /** Starts every real source the daemon has started by now. */
  async release(): Promise<void> {
    for (const source of this.held) await source.release()
  }
}

class HeldSource implements ScanSource {
  readonly name: string
  readonly #inner: ScanSource
  #onScan: ((scan: Scan) => void) | undefined
  #released = false

  constructor(inner: ScanSource) {
    this.name = inner.name
    this.#inner = inner
  }

  async start(onScan: (scan: Scan) => void): Promise<void> {
    this.#onScan = onScan
  }

  async release(): Promise<void> {
    if (this.#onScan === undefined || this.#released) return
    this.#released = true
    await this.#inner.start(this.#onScan)
  }

  async stop(): Promise<void> {
    this.#onScan = undefined
    if (!this.#released) return
    this.#released = false
    await this.#inner.stop()
  }
}
