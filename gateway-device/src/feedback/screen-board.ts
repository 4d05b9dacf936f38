// The latest result of each lane and the gate's state, for the screen page and its live updates.
import type { LaneFeedback, LaneResult } from './lane-result.ts'
import { REASON_MESSAGES, VERDICT_TITLES, type Message } from './messages.ts'

/** Gate-wide conditions every screen shows over any lane result. */
export interface ScreenState {
  fireAlarm: boolean
  /** The cache is past its staleness and the gate refuses everyone. */
  offline: boolean
}

/** A result as the page shows it: texts already chosen, so the page stays dumb. */
export interface ScreenResult extends LaneResult {
  title: Message
  message: Message
}

export type ScreenEvent =
  { type: 'result'; result: ScreenResult } | { type: 'state'; state: ScreenState }

export type ScreenListener = (event: ScreenEvent) => void

export class ScreenBoard {
  readonly #latest = new Map<number, ScreenResult>()
  readonly #listeners = new Set<ScreenListener>()
  #state: ScreenState = { fireAlarm: false, offline: false }

  publish(result: LaneResult): void {
    const shown: ScreenResult = {
      ...result,
      title: VERDICT_TITLES[result.verdict],
      message: REASON_MESSAGES[result.reason],
    }
    this.#latest.set(result.lane, shown)
    this.#emit({ type: 'result', result: shown })
  }

  /** Announces a change of gate state; the same state twice is announced once. */
  setState(state: ScreenState): void {
    if (state.fireAlarm === this.#state.fireAlarm && state.offline === this.#state.offline) return
    this.#state = { ...state }
    this.#emit({ type: 'state', state: this.#state })
  }

  get state(): ScreenState {
    return { ...this.#state }
  }

  latest(lane: number): ScreenResult | undefined {
    return this.#latest.get(lane)
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ScreenListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  get subscribers(): number {
    return this.#listeners.size
  }

  #emit(event: ScreenEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch {
        // A broken page connection must not stop the others, or the lane.
      }
    }
  }
}

/** A lane's screen output: publishes its results to the board the HTTP server serves. */
export class ScreenFeedback implements LaneFeedback {
  readonly name = 'screen'
  readonly #board: ScreenBoard

  constructor(board: ScreenBoard) {
    this.#board = board
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  show(result: LaneResult): void {
    this.#board.publish(result)
  }
}
