// The gate's Prometheus metrics: decisions and their latency, outbox, cache, relays, alarms.
import type { GateDecision } from '../decide/decision.ts'
import {
  MetricsRegistry,
  type Counter,
  type Histogram,
  type Sample,
} from '../http/metrics-registry.ts'
import type { OutboxState } from '../outbox/outbox.ts'
import type { UploaderStatus } from '../outbox/outbox-uploader.ts'
import type { LaneRelayStatus } from '../relays/lane-status.ts'
import type { LaneObserver } from './lane-controller.ts'

/** Where the scrape-time values come from. */
export interface GateMetricSources {
  outbox(): OutboxState | undefined
  uploader(): UploaderStatus
  feed():
    { feedSeq: number; latestSeq: number | undefined; cacheAgeSeconds: number | null } | undefined
  relays(): readonly LaneRelayStatus[]
  fireAlarmLatched(): boolean
  clockTrusted(): boolean | undefined
  alarms(): readonly string[]
}

/** Seconds: up to one camera frame interval (33 ms) in fine steps, then coarser. */
const LATENCY_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.033, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

export class GateMetrics implements LaneObserver {
  readonly registry = new MetricsRegistry()
  readonly decisions: Counter
  readonly latency: Histogram
  readonly staleDecisions: Counter
  readonly recordFailures: Counter
  readonly openDrops: Counter
  readonly passages: Counter

  constructor(sources: GateMetricSources) {
    const r = this.registry
    this.decisions = r.counter(
      'greengate_decisions_total',
      'Decisions by lane, verdict and reason.',
    )
    this.latency = r.histogram(
      'greengate_decision_latency_seconds',
      'Scan received to relay command delivered (passes) or record written (refusals).',
      LATENCY_BUCKETS,
    )
    this.staleDecisions = r.counter(
      'greengate_decisions_while_stale_total',
      'Decisions made past the maximum cache staleness (offline mode decide-and-alarm).',
    )
    this.recordFailures = r.counter(
      'greengate_record_failures_total',
      'Decisions that could not be written to the outbox; the lane stayed shut.',
    )
    this.openDrops = r.counter(
      'greengate_lane_open_dropped_total',
      'Recorded passes whose relay did not open (deadline passed, driver failed).',
    )
    this.passages = r.counter('greengate_passages_total', 'Passages counted by passage sensors.')
    this.#collectOutbox(sources)
    this.#collectFeed(sources)
    this.#collectGate(sources)
  }

  decided(decision: GateDecision, latencyMs: number): void {
    const { lane, reason } = decision
    this.decisions.inc({ lane, decision: decision.decision, reason })
    this.latency.observe(Math.max(0, latencyMs) / 1000, { decision: decision.decision })
    if (decision.staleAlarm) this.staleDecisions.inc({ lane })
  }

  recordFailed(lane: number, code: string): void {
    this.recordFailures.inc({ lane, code })
  }

  openDropped(lane: number, reason: string): void {
    this.openDrops.inc({ lane, reason })
  }

  passage(lane: number): void {
    this.passages.inc({ lane })
  }

  render(): string {
    return this.registry.render()
  }

  #collectOutbox(sources: GateMetricSources): void {
    const r = this.registry
    const fromOutbox = (pick: (state: OutboxState) => number) => (): Sample[] => {
      const state = sources.outbox()
      return state === undefined ? [] : [{ value: pick(state) }]
    }
    r.collected(
      'greengate_outbox_depth',
      'Records waiting for upload.',
      'gauge',
      fromOutbox((s) => s.rows),
    )
    r.collected(
      'greengate_outbox_bytes',
      'Size of waiting records.',
      'gauge',
      fromOutbox((s) => s.bytes),
    )
    r.collected(
      'greengate_outbox_dropped_refusals_total',
      'Unsent refusals dropped to make room (passes are never dropped).',
      'counter',
      fromOutbox((s) => s.droppedRefusals),
    )
    r.collected(
      'greengate_outbox_refused_when_full_total',
      'Records refused because the outbox was full of unsent passes.',
      'counter',
      fromOutbox((s) => s.refusedWhenFull),
    )
    r.collected(
      'greengate_outbox_uploaded_total',
      'Records acknowledged by the edge.',
      'counter',
      () => [{ value: sources.uploader().uploaded }],
    )
    r.collected(
      'greengate_outbox_upload_failures',
      'Failed uploads in a row (0 when the last one worked).',
      'gauge',
      () => [{ value: sources.uploader().consecutiveFailures }],
    )
  }

  #collectFeed(sources: GateMetricSources): void {
    const r = this.registry
    r.collected(
      'greengate_cache_age_seconds',
      'Seconds since the last complete sync.',
      'gauge',
      () => {
        const age = sources.feed()?.cacheAgeSeconds
        return age === null || age === undefined ? [] : [{ value: age }]
      },
    )
    r.collected('greengate_feed_seq', 'Highest revocation feed seq applied.', 'gauge', () => {
      const feed = sources.feed()
      return feed === undefined ? [] : [{ value: feed.feedSeq }]
    })
    r.collected('greengate_feed_latest_seq', 'Highest feed seq the edge reported.', 'gauge', () => {
      const latest = sources.feed()?.latestSeq
      return latest === undefined ? [] : [{ value: latest }]
    })
  }

  #collectGate(sources: GateMetricSources): void {
    const r = this.registry
    r.collected(
      'greengate_relay_energised',
      'Relay state per lane: 1 on, 0 off, -1 unknown.',
      'gauge',
      () =>
        sources.relays().map(({ lane, energised }) => ({
          labels: { lane },
          value: energised === 'unknown' ? -1 : energised ? 1 : 0,
        })),
    )
    r.collected(
      'greengate_fire_alarm_latched',
      'Fire alarm latched: every lane held open.',
      'gauge',
      () => [{ value: sources.fireAlarmLatched() ? 1 : 0 }],
    )
    r.collected('greengate_clock_trusted', 'Whether the gate trusts its clock.', 'gauge', () => {
      const trusted = sources.clockTrusted()
      return trusted === undefined ? [] : [{ value: trusted ? 1 : 0 }]
    })
    r.collected('greengate_alarm', 'Alarms raised now (1 each).', 'gauge', () =>
      sources.alarms().map((alarm) => ({ labels: { alarm }, value: 1 })),
    )
  }
}
