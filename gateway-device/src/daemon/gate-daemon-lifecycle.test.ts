// Starting and stopping the daemon at awkward moments leaves no relay energised and no file open.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig, resolveConfig, type GateConfig } from '../config/index.ts'
import { ScannerError } from '../scanners/scanner-error.ts'
import type { ScanSource } from '../scanners/scan-source.ts'
import { isStoreError } from '../store/store-error.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { GateDaemon } from './gate-daemon.ts'
import { SimulatedHardware } from './testing/simulated-hardware.ts'

const logger = pino({ level: 'silent' })

/** The store's error code when its connection is asked for; undefined while it is open. */
function storeErrorOf(daemon: GateDaemon): string | undefined {
  try {
    void daemon.brain.store.db
    return undefined
  } catch (err) {
    return isStoreError(err) ? err.code : 'UNEXPECTED'
  }
}

/** A scanner that is not there. */
class MissingScanner implements ScanSource {
  readonly name = 'missing'
  async start(): Promise<void> {
    throw new ScannerError('SCANNER_SOURCE_MISSING', 'no FIFO')
  }
  async stop(): Promise<void> {}
}

class HardwareWithoutScanner extends SimulatedHardware {
  override scanSource(): ScanSource {
    return new MissingScanner()
  }
}

describe('GateDaemon lifecycle', () => {
  let dir: ReturnType<typeof tempDir>
  let config: GateConfig

  beforeEach(async () => {
    dir = tempDir('gate-lifecycle-')
    const input = {
      // Port 1 refuses at once: nothing here needs the edge.
      edge: { url: 'http://127.0.0.1:1', credential: `gd_${'F'.repeat(43)}` },
      dataDir: dir.path,
      lanes: [
        {
          id: 1,
          sources: [{ type: 'lines', path: 'stdin' }],
          relay: { driver: 'simulated', channel: 1 },
        },
      ],
      inputs: { fireAlarm: { driver: 'simulated' } },
      http: { port: 0 },
    }
    config = await resolveConfig(parseConfig(input), dir.path)
  })
  afterEach(() => {
    dir.remove()
  })

  it('stops what it had started when a part fails to start, store included', async () => {
    const hardware = new HardwareWithoutScanner()
    const daemon = new GateDaemon({ config, logger, hardware })
    hardware.inputs.get('fire-alarm')?.set(true)

    const failure = await daemon.start().catch((err: unknown) => err)

    expect(failure).toBeInstanceOf(ScannerError)
    expect(daemon.state).toBe('stopped')
    expect(daemon.pulsers[0]?.status().started).toBe(false)
    expect(hardware.relayOf(1).relay.isEnergised(1)).toBe(false)
    expect(storeErrorOf(daemon)).toBe('STORE_NOT_OPEN')
  })

  it('waits for a start in progress before stopping', async () => {
    const hardware = new SimulatedHardware()
    const daemon = new GateDaemon({ config, logger, hardware })

    const started = daemon.start()
    const stopped = daemon.stop()
    await Promise.all([started, stopped])

    expect(daemon.state).toBe('stopped')
    expect(daemon.pulsers[0]?.status().started).toBe(false)
    expect(storeErrorOf(daemon)).toBe('STORE_NOT_OPEN')
  })

  it('can be stopped before it was started', async () => {
    const daemon = new GateDaemon({ config, logger, hardware: new SimulatedHardware() })

    await daemon.stop()

    expect(daemon.state).toBe('stopped')
  })
})
