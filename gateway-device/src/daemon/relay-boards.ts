// Groups the lanes' relay settings into boards: one driver and one pulser per board.
import { boardKey } from '../config/config-consistency.ts'
import type { LaneConfig } from '../config/config-schema.ts'
import type { RelayConfig } from '../config/hardware-schema.ts'
import type { LaneChannel } from '../relays/lane-status.ts'

export interface RelayBoard {
  key: string
  /** The first lane's relay settings; the config check makes the board's lanes agree. */
  relay: RelayConfig
  lanes: LaneChannel[]
  /** Channels the driver is built with: all are released at start and stop. */
  channels: number
  /** GPIO only: the line of each channel, channel 1 first. */
  lines: number[]
  pulseMs: number
  deadlineMs: number
}

export function relayBoardsOf(lanes: readonly LaneConfig[]): RelayBoard[] {
  const boards = new Map<string, RelayBoard>()
  for (const lane of lanes) {
    const { relay } = lane
    const key = boardKey(relay)
    let board = boards.get(key)
    if (!board) {
      board = {
        key,
        relay,
        lanes: [],
        channels: 0,
        lines: [],
        pulseMs: relay.pulseMs,
        deadlineMs: relay.deadlineMs,
      }
      boards.set(key, board)
    }
    if (relay.driver === 'gpio') {
      board.lines.push(relay.line)
      board.lanes.push({ lane: lane.id, channel: board.lines.length })
      board.channels = board.lines.length
    } else {
      board.lanes.push({ lane: lane.id, channel: relay.channel })
      const declared = 'boardChannels' in relay ? (relay.boardChannels ?? 0) : 0
      board.channels = Math.max(board.channels, relay.channel, declared)
    }
  }
  return [...boards.values()]
}
