// End-to-end support: the real gate daemon, in this process, wired to a real edge, on simulated
// relays; every lane result it shows is kept, in order, for the test to read.
import { pino } from 'pino'
import { parseConfig, resolveConfig, type GateConfigInput } from '../../src/config/index.ts'
import { GateDaemon } from '../../src/daemon/gate-daemon.ts'
import type { SimulatedHardware } from '../../src/daemon/testing/simulated-hardware.ts'
import type { LaneResult } from '../../src/feedback/lane-result.ts'
import { tempDir } from '../../src/store/testing/temp-dir.ts'
import { waitUntil } from '../peers/wait-until.ts'

export interface GateUnderTest {
  /** The running daemon; a new one after `restart()`. */
  readonly daemon: GateDaemon
  hardware: SimulatedHardware
  /** Every result the lanes showed, oldest first, across restarts. */
  results: LaneResult[]
  /** Types `text` on the lane's test scanner and resolves with the result it leads to. */
  scan(lane: number, text: string): Promise<LaneResult>
  /** The relay transitions of `lane` since the last start, as energised `true` or `false`. */
  relayMoves(lane: number): boolean[]
  /** Stops the daemon as systemd would and starts a new one on the same data directory. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export interface GateUnderTestOptions {
  edgeUrl: string
  credential: string
  hardware: SimulatedHardware
  lanes: GateConfigInput['lanes']
}

/** How long one scan may take to show a result: generous for a loaded 2-core machine. */
const DECISION_TIMEOUT_MS = 5_000

export async function startGate(options: GateUnderTestOptions): Promise<GateUnderTest> {
  const dir = tempDir('gate-e2e-')
  const input: GateConfigInput = {
    edge: { url: options.edgeUrl, credential: options.credential, timeoutMs: 2_000 },
    dataDir: dir.path,
    lanes: options.lanes,
    inputs: { fireAlarm: { driver: 'simulated' } },
    http: { port: 0 },
    // Short waits so a returning edge gets the records within a second or two.
    outbox: { uploadIntervalSeconds: 1, maxBackoffSeconds: 1 },
    // Not 5 s: wrangler dev closes idle keep-alive connections after 5 s, a request on that
    // beat can meet the close, and wrangler 4.124 then exits (workers-sdk #14641, #15252).
    heartbeat: { intervalSeconds: 6 },
    log: { level: 'silent' },
  }
  const config = await resolveConfig(parseConfig(input), dir.path)
  const { hardware } = options
  const results: LaneResult[] = []

  const build = () => {
    const daemon = new GateDaemon({
      config,
      // GG_GATE_LOGS=1 shows the daemon's own log lines while debugging a failure.
      logger: pino({ level: process.env.GG_GATE_LOGS === '1' ? 'info' : 'silent' }),
      hardware,
      // Polls stay at the edge's 30 s: a revocation seen sooner came by the push channel.
      sync: { pollIntervalMs: 30_000, backoffInitialMs: 200, backoffMaxMs: 1_000 },
      upload: { minBackoffMs: 100, nudgeDelayMs: 20 },
      flushTimeoutMs: 1_000,
    })
    daemon.screen.subscribe((event) => {
      if (event.type === 'result') results.push(event.result)
    })
    return daemon
  }
  let daemon = build()
  try {
    await daemon.start()
  } catch (err) {
    await daemon.stop()
    dir.remove()
    throw err
  }

  return {
    get daemon() {
      return daemon
    },
    hardware,
    results,
    async scan(lane, text) {
      const seen = results.length
      const found = () => results.slice(seen).find((result) => result.lane === lane)
      hardware.scan(lane, text)
      await waitUntil(() => found() !== undefined, `a result at lane ${lane}`, DECISION_TIMEOUT_MS)
      return found() as LaneResult
    },
    relayMoves(lane) {
      const { relay, channel } = hardware.relayOf(lane)
      return relay.transitions.filter((t) => t.channel === channel).map((t) => t.energised)
    },
    async restart() {
      await daemon.stop()
      daemon = build()
      await daemon.start()
    },
    async stop() {
      await daemon.stop()
      dir.remove()
    },
  }
}

/** Resolves once the gate has its keys and revocations, trusts its clock and hears pushes. */
export async function untilReady(gate: GateUnderTest, timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    () => {
      const { sync, clock, stale } = gate.daemon.brain.status
      return sync.cacheState === 'ready' && !stale && clock.trusted && sync.connected
    },
    'the gate to sync with the edge and open its push channel',
    timeoutMs,
  )
}
