// Hardware for daemon tests: simulated relays and inputs, and line sources fed from the test.
import { PassThrough } from 'node:stream'
import type { Logger } from 'pino'
import { RelayLineOutput } from '../../feedback/digital-output.ts'
import { SimulatedInput } from '../../inputs/simulated-input.ts'
import { SimulatedRelay } from '../../relays/simulated-relay.ts'
import { LineSource } from '../../scanners/line-source.ts'
import type { ScanSource } from '../../scanners/scan-source.ts'
import type { HardwareFactory } from '../hardware-factory.ts'
import type { RelayBoard } from '../relay-boards.ts'

/** Whatever the config names, builds simulated parts and keeps them for the test to drive. */
export class SimulatedHardware implements HardwareFactory {
  readonly relays = new Map<string, SimulatedRelay>()
  readonly boards: RelayBoard[] = []
  readonly inputs = new Map<string, SimulatedInput>()
  /** What each lane's scanner "reads": write bytes here. */
  readonly scanners = new Map<number, PassThrough>()
  readonly leds = new Map<number, SimulatedRelay>()

  relayDriver(board: RelayBoard, logger: Logger): SimulatedRelay {
    const relay = new SimulatedRelay({ channels: board.channels, name: `sim:${board.key}`, logger })
    this.relays.set(board.key, relay)
    this.boards.push(board)
    return relay
  }

  scanSource(_source: unknown, lane: number, logger: Logger): ScanSource {
    const stream = new PassThrough()
    this.scanners.set(lane, stream)
    return new LineSource({ lane, stream, name: `test-scanner:${lane}`, logger })
  }

  digitalInput(_input: unknown, name: string): SimulatedInput {
    const input = new SimulatedInput({ name })
    this.inputs.set(name, input)
    return input
  }

  ledOutput(_led: unknown, line: number): RelayLineOutput {
    const relay = new SimulatedRelay({ channels: 1, name: `led:${line}` })
    this.leds.set(line, relay)
    return new RelayLineOutput(relay)
  }

  /** The relay and channel that open `lane`. */
  relayOf(lane: number): { relay: SimulatedRelay; channel: number } {
    for (const board of this.boards) {
      const entry = board.lanes.find((l) => l.lane === lane)
      const relay = this.relays.get(board.key)
      if (entry && relay) return { relay, channel: entry.channel }
    }
    throw new Error(`no relay for lane ${lane}`)
  }

  /** Types a line on `lane`'s scanner, as a scanner module sends it. */
  scan(lane: number, text: string | Buffer): void {
    const stream = this.scanners.get(lane)
    if (!stream) throw new Error(`no scanner on lane ${lane}`)
    stream.write(typeof text === 'string' ? `${text}\r\n` : text)
  }
}
