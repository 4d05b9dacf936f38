// The gate daemon: builds every part from the config, starts them in order, stops them cleanly.
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { GateConfig } from '../config/load-config.ts'
import { GateBrain, type BrainStatus, type GateBrainOptions } from '../decide/gate-brain.ts'
import type { LaneFeedback } from '../feedback/lane-result.ts'
import { ScreenBoard } from '../feedback/screen-board.ts'
import { GateHttpServer, type FireAlarmAck } from '../http/gate-http-server.ts'
import { FireAlarm } from '../inputs/fire-alarm.ts'
import { InputError } from '../inputs/input-error.ts'
import { PassageCounter } from '../inputs/passage-counter.ts'
import { SimulatedInput } from '../inputs/simulated-input.ts'
import { Outbox } from '../outbox/outbox.ts'
import { outboxMigrations } from '../outbox/outbox-schema.ts'
import { OutboxUploader } from '../outbox/outbox-uploader.ts'
import { LanePulser } from '../relays/lane-pulser.ts'
import type { ScanSource } from '../scanners/scan-source.ts'
import { BUILD_TIME_MS, GATE_VERSION } from './build-info.ts'
import { buildLanes } from './build-lanes.ts'
import { EdgeClient, EdgeRequestError } from './edge-client.ts'
import { GateMetrics } from './gate-metrics.ts'
import {
  healthOf,
  heartbeatOf,
  statusOf,
  type DaemonState,
  type GateSnapshot,
} from './gate-report.ts'
import { realHardware, type HardwareFactory } from './hardware-factory.ts'
import { HeartbeatSender } from './heartbeat.ts'
import type { LaneController } from './lane-controller.ts'
import { relayBoardsOf } from './relay-boards.ts'

export interface GateDaemonOptions {
  config: GateConfig
  logger: Logger
  /** Default: the real drivers the config names. Tests pass simulated ones. */
  hardware?: HardwareFactory
  version?: string
  buildTimeMs?: number
  /** Sync timings (tests and the demo shorten them). */
  sync?: GateBrainOptions['sync']
  /** Upload timings (tests shorten them). */
  upload?: { minBackoffMs?: number; nudgeDelayMs?: number }
  /** How long shutdown keeps trying to upload what is left. Default 3000 ms. */
  flushTimeoutMs?: number
}

/** The screen's state is refreshed this often (fire alarm, offline). */
const SCREEN_REFRESH_MS = 500

export class GateDaemon {
  readonly config: GateConfig
  readonly brain: GateBrain
  readonly outbox: Outbox
  readonly uploader: OutboxUploader
  readonly heartbeat: HeartbeatSender
  readonly pulsers: readonly LanePulser[]
  readonly fireAlarm: FireAlarm
  readonly passageCounters: readonly PassageCounter[]
  readonly lanes: ReadonlyMap<number, LaneController>
  readonly sources: readonly { lane: number; source: ScanSource }[]
  readonly feedback: readonly LaneFeedback[]
  readonly screen = new ScreenBoard()
  readonly metrics: GateMetrics
  readonly http: GateHttpServer
  readonly #options: GateDaemonOptions
  readonly #logger: Logger
  readonly #version: string
  readonly #simulatedFireAlarm: SimulatedInput | undefined
  #state: DaemonState = 'created'
  #starting: Promise<void> | undefined
  #startedAt: number | undefined
  #screenTimer: NodeJS.Timeout | undefined

  constructor(options: GateDaemonOptions) {
    const { config, logger } = options
    const hardware = options.hardware ?? realHardware
    const child = (component: string, fields: Record<string, unknown> = {}) =>
      logger.child({ component, ...fields })
    this.config = config
    this.#options = options
    this.#logger = child('daemon')
    this.#version = options.version ?? GATE_VERSION

    this.brain = new GateBrain({
      storePath: join(config.dataDir, 'gate.db'),
      migrations: [outboxMigrations],
      edge: config.edge,
      trustedIssuers: config.trustedIssuers,
      verification: config.verification,
      laneGroups: new Map(config.lanes.map((lane) => [lane.id, lane.group])),
      buildTimeMs: options.buildTimeMs ?? BUILD_TIME_MS,
      ...(options.sync === undefined ? {} : { sync: options.sync }),
      logger,
    })
    this.outbox = new Outbox({
      store: this.brain.store,
      maxRows: config.outbox.maxRows,
      maxBytes: config.outbox.maxBytes,
      alarmAtFraction: config.outbox.alarmAtFraction,
      // Same commit as the pass record: anti-passback survives a restart at no extra fsync.
      withPass: (event) => this.brain.rememberPass(event),
      logger: child('outbox'),
    })
    const edge = new EdgeClient({ ...config.edge, version: this.#version })
    this.uploader = new OutboxUploader({
      outbox: this.outbox,
      send: (batch) => edge.postPassEvents(batch),
      classify: (err) =>
        err instanceof EdgeRequestError && err.code === 'EDGE_REJECTED' ? 'split' : 'retry',
      batchSize: config.outbox.batchSize,
      intervalMs: config.outbox.uploadIntervalSeconds * 1000,
      maxBackoffMs: config.outbox.maxBackoffSeconds * 1000,
      ...options.upload,
      logger: child('uploader'),
    })
    this.heartbeat = new HeartbeatSender({
      intervalMs: config.heartbeat.intervalSeconds * 1000,
      build: () => heartbeatOf(this.#snapshot(), Date.now()),
      send: (heartbeat) => edge.postHeartbeat(heartbeat),
      onServerTime: (serverMs, rttMs) => this.brain.clock.observeServerTime(serverMs, rttMs),
      logger: child('heartbeat'),
    })

    const pulserOf = new Map<number, LanePulser>()
    this.pulsers = relayBoardsOf(config.lanes).map((board) => {
      const logger = child('relay', { board: board.key })
      const pulser = new LanePulser({
        driver: hardware.relayDriver(board, logger),
        lanes: board.lanes,
        pulseMs: board.pulseMs,
        deadlineMs: board.deadlineMs,
        logger,
      })
      for (const { lane } of board.lanes) pulserOf.set(lane, pulser)
      return pulser
    })

    const fireInput = hardware.digitalInput(
      config.inputs.fireAlarm,
      'fire-alarm',
      child('fire-alarm'),
    )
    this.#simulatedFireAlarm = fireInput instanceof SimulatedInput ? fireInput : undefined
    this.fireAlarm = new FireAlarm({
      input: fireInput,
      lanes: this.pulsers,
      logger: child('fire-alarm'),
    })
    this.passageCounters = config.inputs.passageSensors.map((sensor) => {
      const logger = child('passage', { lane: sensor.lane })
      return new PassageCounter({
        input: hardware.digitalInput(sensor, `passage:${sensor.lane}`, logger),
        lane: sensor.lane,
        onPassage: (passage) => this.metrics.passage(passage.lane),
        logger,
      })
    })

    this.metrics = new GateMetrics({
      outbox: () => this.outbox.state(),
      uploader: () => this.uploader.status(),
      feed: () => this.#brainStatus()?.sync,
      relays: () => this.pulsers.flatMap((pulser) => pulser.status().lanes),
      fireAlarmLatched: () => this.fireAlarm.status().latched,
      clockTrusted: () => this.#brainStatus()?.clock.trusted,
      alarms: () => healthOf(this.#snapshot()).alarms,
    })

    const built = buildLanes(config.lanes, {
      hardware,
      pulsers: pulserOf,
      decide: (scan) => this.brain.decide(scan),
      record: (event) => this.outbox.record(event),
      onRecorded: () => this.uploader.nudge(),
      observer: this.metrics,
      screen: this.screen,
      logger,
    })
    this.lanes = built.controllers
    this.sources = built.sources
    this.feedback = built.feedback

    this.http = new GateHttpServer({
      host: config.http.host,
      port: config.http.port,
      logger: child('http'),
      handlers: {
        health: () => healthOf(this.#snapshot()),
        status: () => statusOf(this.#snapshot()),
        metrics: () => this.metrics.render(),
        acknowledgeFireAlarm: () => this.#acknowledgeFireAlarm(),
        simulateFireAlarm: this.#simulatedFireAlarm
          ? (active) => this.#simulatedFireAlarm?.set(active)
          : undefined,
        screen: this.screen,
        lanes: config.lanes.map((lane) => lane.id),
        now: () => this.brain.clock.nowMs(),
      },
    })
  }

  get state(): DaemonState {
    return this.#state
  }

  /**
   * In order: the HTTP endpoint (so health says "starting"), the store and caches, the outbox,
   * the relays (released at start), the fire alarm, the outputs, then the lanes and their
   * sources, and last the uploads and heartbeats. A failure stops what was started.
   */
  async start(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`gate daemon cannot start when ${this.#state}`)
    const starting = this.#start()
    this.#starting = starting
    try {
      await starting
    } finally {
      this.#starting = undefined
    }
  }

  async #start(): Promise<void> {
    this.#state = 'starting'
    try {
      await this.http.start()
      await this.brain.start()
      this.outbox.start()
      for (const pulser of this.pulsers) await pulser.start()
      await this.fireAlarm.start()
      for (const output of this.feedback) await output.start()
      for (const counter of this.passageCounters) await counter.start()
      for (const lane of this.lanes.values()) lane.start()
      for (const { lane, source } of this.sources) {
        const controller = this.lanes.get(lane) as LaneController
        await source.start((scan) => void controller.handle(scan))
      }
      this.uploader.start()
      this.heartbeat.start()
      this.#screenTimer = setInterval(() => this.#refreshScreen(), SCREEN_REFRESH_MS)
      this.#refreshScreen()
    } catch (err) {
      this.#logger.fatal({ err }, 'gate failed to start')
      await this.#shutdown()
      throw err
    }
    this.#state = 'running'
    this.#startedAt = Date.now()
    this.#logger.info({ lanes: [...this.lanes.keys()], version: this.#version }, 'gate running')
  }

  /**
   * Stops taking scans, lets decisions in flight finish, releases every relay, tries once more
   * to upload what is waiting, and closes the store last. Every step runs even if one fails.
   */
  async stop(): Promise<void> {
    // A signal during start-up: let the start finish (or fail), then stop what it started.
    await this.#starting?.catch(() => undefined)
    if (this.#state === 'created') this.#state = 'stopped'
    await this.#shutdown()
  }

  async #shutdown(): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return
    this.#state = 'stopping'
    clearInterval(this.#screenTimer)
    if (this.fireAlarm.status().latched) {
      this.#logger.warn('stopping while the fire alarm is latched: lanes will be released')
    }

    await this.#step('sources', () => Promise.all(this.sources.map(({ source }) => source.stop())))
    await this.#step('lanes', () =>
      Promise.all([...this.lanes.values()].map((lane) => lane.stop())),
    )
    await this.#step('heartbeat', () => this.heartbeat.stop())
    await this.#step('fire alarm', () => this.fireAlarm.stop())
    await this.#step('passage sensors', () =>
      Promise.all(this.passageCounters.map((c) => c.stop())),
    )
    await this.#step('relays', () => Promise.all(this.pulsers.map((pulser) => pulser.stop())))
    await this.#step('feedback', () => Promise.all(this.feedback.map((output) => output.stop())))
    await this.#step('uploads', async () => {
      await this.uploader.stop()
      if (this.outbox.state().rows === 0) return
      const emptied = await this.uploader.flush(this.#options.flushTimeoutMs ?? 3_000)
      this.#logger.info(
        { emptied, waiting: this.outbox.state().rows },
        'outbox flushed at shutdown',
      )
    })
    await this.#step('http', () => this.http.stop())
    await this.#step('outbox', async () => this.outbox.stop())
    await this.#step('store', () => this.brain.stop())
    this.#state = 'stopped'
    this.#logger.info('gate stopped')
  }

  async #step(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work()
    } catch (err) {
      this.#logger.error({ err, step: name }, 'shutdown step failed')
    }
  }

  async #acknowledgeFireAlarm(): Promise<FireAlarmAck> {
    const latched = this.fireAlarm.status().latched
    try {
      await this.fireAlarm.acknowledge()
    } catch (err) {
      if (err instanceof InputError && err.code === 'FIRE_ALARM_CONTACT_ACTIVE') {
        return 'refused-contact-active'
      }
      throw err
    }
    this.#refreshScreen()
    return latched ? 'acknowledged' : 'not-latched'
  }

  #refreshScreen(): void {
    const brain = this.#brainStatus()
    const offline = (brain?.stale ?? true) && this.config.verification.offlineMode === 'refuse'
    this.screen.setState({ fireAlarm: this.fireAlarm.status().latched, offline })
  }

  /** Undefined until the brain can report (its store open). */
  #brainStatus(): BrainStatus | undefined {
    try {
      return this.brain.status
    } catch {
      return undefined
    }
  }

  #snapshot(): GateSnapshot {
    const sources = new Map<number, string[]>()
    for (const { lane, source } of this.sources)
      sources.set(lane, [...(sources.get(lane) ?? []), source.name])
    return {
      state: this.#state,
      version: this.#version,
      startedAt: this.#startedAt,
      now: Date.now(),
      config: this.config,
      brain: this.#brainStatus(),
      outbox: this.outbox.state(),
      uploader: this.uploader.status(),
      heartbeat: this.heartbeat.status(),
      relays: this.pulsers.map((pulser) => pulser.status()),
      fireAlarm: this.fireAlarm.status(),
      passages: this.passageCounters.map((counter) => counter.status()),
      sources,
      screen: this.screen,
    }
  }
}
