// Builds each lane from the config: its controller, its scan sources and its feedback outputs.
import type { PassEvent } from '@greengate/shared'
import type { Logger } from 'pino'
import type { LaneConfig } from '../config/config-schema.ts'
import type { GateDecision } from '../decide/decision.ts'
import type { LaneFeedback } from '../feedback/lane-result.ts'
import { LedFeedback } from '../feedback/led-feedback.ts'
import { LogFeedback } from '../feedback/log-feedback.ts'
import { ScreenFeedback, type ScreenBoard } from '../feedback/screen-board.ts'
import type { LanePulser } from '../relays/lane-pulser.ts'
import type { Scan, ScanSource } from '../scanners/scan-source.ts'
import type { HardwareFactory } from './hardware-factory.ts'
import { LaneController, type LaneObserver } from './lane-controller.ts'

export interface LaneWiring {
  hardware: HardwareFactory
  /** The pulser that drives each lane's relay. */
  pulsers: ReadonlyMap<number, LanePulser>
  decide: (scan: Scan) => GateDecision
  record: (event: PassEvent) => void
  onRecorded: () => void
  observer: LaneObserver
  screen: ScreenBoard
  logger: Logger
}

export interface BuiltLanes {
  controllers: Map<number, LaneController>
  sources: { lane: number; source: ScanSource }[]
  /** Every output of every lane, to start and stop. */
  feedback: LaneFeedback[]
}

export function buildLanes(lanes: readonly LaneConfig[], wiring: LaneWiring): BuiltLanes {
  const built: BuiltLanes = { controllers: new Map(), sources: [], feedback: [] }
  for (const lane of lanes) {
    const logger = wiring.logger.child({ component: 'lane' })
    const outputs = feedbackFor(lane, wiring, logger)
    const pulser = wiring.pulsers.get(lane.id)
    if (pulser === undefined) throw new Error(`lane ${lane.id} has no relay pulser`)
    built.feedback.push(...outputs)
    built.controllers.set(
      lane.id,
      new LaneController({
        lane: lane.id,
        decide: wiring.decide,
        record: wiring.record,
        open: (id, requestedAt) => pulser.pulse(id, requestedAt),
        feedback: outputs,
        observer: wiring.observer,
        onRecorded: wiring.onRecorded,
        logger,
      }),
    )
    const scannerLogger = wiring.logger.child({ component: 'scanner', lane: lane.id })
    for (const source of lane.sources) {
      built.sources.push({
        lane: lane.id,
        source: wiring.hardware.scanSource(source, lane.id, scannerLogger),
      })
    }
  }
  return built
}

function feedbackFor(lane: LaneConfig, wiring: LaneWiring, logger: Logger): LaneFeedback[] {
  const configs = Array.isArray(lane.feedback) ? lane.feedback : [lane.feedback]
  return configs.map((output): LaneFeedback => {
    if (output === 'log') return new LogFeedback(logger)
    if (output === 'screen') return new ScreenFeedback(wiring.screen)
    return new LedFeedback({
      pass: wiring.hardware.ledOutput(output, output.passLine, logger),
      refuse: wiring.hardware.ledOutput(output, output.refuseLine, logger),
      showMs: output.showMs,
      logger,
    })
  })
}
