// Checks across fields the schema cannot express alone: unique lanes, shared boards, ports.
import type { z } from 'zod'
import type { RelayConfig, SourceConfig } from './hardware-schema.ts'

interface ConsistencyInput {
  lanes: readonly { id: number; sources: readonly SourceConfig[]; relay: RelayConfig }[]
  inputs: { passageSensors: readonly { lane: number }[] }
}

/** Adds one issue per inconsistency, each with the path of the field to fix. */
export function checkConfigConsistency(config: ConsistencyInput, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message })

  const laneIds = new Set<number>()
  const outputs = new Map<string, number>()
  const boards = new Map<string, { lane: number; pulseMs: number; deadlineMs: number }>()
  const ports = new Map<string, string>()

  const claimPort = (path: string, use: string, at: (string | number)[]) => {
    const previous = ports.get(path)
    if (previous !== undefined && previous !== use)
      issue(at, `${path} is already used by ${previous}`)
    else ports.set(path, use)
  }

  config.lanes.forEach((lane, index) => {
    if (laneIds.has(lane.id)) issue(['lanes', index, 'id'], `lane ${lane.id} is configured twice`)
    laneIds.add(lane.id)

    const { relay } = lane
    const board = boardKey(relay)
    const output = `${board}/${relay.driver === 'gpio' ? relay.line : relay.channel}`
    const owner = outputs.get(output)
    if (owner !== undefined) {
      issue(['lanes', index, 'relay'], `lane ${owner} already uses this relay output`)
    }
    outputs.set(output, lane.id)

    const first = boards.get(board)
    if (first === undefined) {
      boards.set(board, { lane: lane.id, pulseMs: relay.pulseMs, deadlineMs: relay.deadlineMs })
    } else {
      // One pulser drives a whole board, with one pulse length and deadline.
      if (first.pulseMs !== relay.pulseMs) {
        issue(
          ['lanes', index, 'relay', 'pulseMs'],
          `must equal lane ${first.lane}'s on the same board`,
        )
      }
      if (first.deadlineMs !== relay.deadlineMs) {
        issue(
          ['lanes', index, 'relay', 'deadlineMs'],
          `must equal lane ${first.lane}'s on the same board`,
        )
      }
    }
    if (relay.driver === 'serial' || relay.driver === 'modbus') {
      claimPort(relay.path, board, ['lanes', index, 'relay', 'path'])
    }

    lane.sources.forEach((source, s) => {
      if (source.type === 'serial') {
        claimPort(source.path, `the scanner of lane ${lane.id}`, [
          'lanes',
          index,
          'sources',
          s,
          'path',
        ])
      }
    })
  })

  const sensed = new Set<number>()
  config.inputs.passageSensors.forEach((sensor, index) => {
    const at = ['inputs', 'passageSensors', index, 'lane']
    if (!laneIds.has(sensor.lane)) issue(at, `no lane ${sensor.lane}`)
    if (sensed.has(sensor.lane)) issue(at, `lane ${sensor.lane} already has a passage sensor`)
    sensed.add(sensor.lane)
  })
}

/** Lanes whose relays share this key share one driver (one board, one chip). */
export function boardKey(relay: RelayConfig): string {
  switch (relay.driver) {
    case 'gpio':
      return `gpio:${relay.chip}`
    case 'serial':
      return `serial:${relay.path}`
    case 'modbus':
      return `modbus:${relay.path}#${relay.unitId}`
    case 'simulated':
      return 'simulated'
  }
}
