// What the gate says about itself: its alarms, the status page, health, and the heartbeat.
import type { Heartbeat } from '@greengate/shared'
import type { GateConfig } from '../config/load-config.ts'
import type { BrainStatus } from '../decide/gate-brain.ts'
import type { ScreenBoard } from '../feedback/screen-board.ts'
import type { HealthReport } from '../http/gate-http-server.ts'
import type { FireAlarmStatus } from '../inputs/fire-alarm.ts'
import type { PassageStatus } from '../inputs/passage-counter.ts'
import type { OutboxState } from '../outbox/outbox.ts'
import type { UploaderStatus } from '../outbox/outbox-uploader.ts'
import type { RelayStatus } from '../relays/lane-status.ts'
import type { HeartbeatStatus } from './heartbeat.ts'

export type DaemonState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped'

/** A snapshot of every part, taken once per report. */
export interface GateSnapshot {
  state: DaemonState
  version: string
  startedAt: number | undefined
  now: number
  config: GateConfig
  brain: BrainStatus | undefined
  outbox: OutboxState
  uploader: UploaderStatus
  heartbeat: HeartbeatStatus
  relays: readonly RelayStatus[]
  fireAlarm: FireAlarmStatus
  passages: readonly PassageStatus[]
  sources: ReadonlyMap<number, readonly string[]>
  screen: ScreenBoard
}

/** Failed uploads in a row before the gate raises `upload-failing`. */
const UPLOAD_FAILURES_ALARM = 3

/** Short stable names, as heartbeats carry them (at most 32, 64 characters each). */
export function alarmsOf(snapshot: GateSnapshot): string[] {
  const alarms = [...(snapshot.brain?.alarms ?? []), ...snapshot.outbox.alarms]
  if (snapshot.fireAlarm.latched) alarms.push('fire-alarm')
  const lanes = snapshot.relays.flatMap((relay) => relay.lanes)
  if (lanes.some((lane) => lane.energised === 'unknown' || lane.lastErrorCode !== undefined)) {
    alarms.push('relay-fault')
  }
  if (snapshot.relays.some((relay) => !relay.started) && snapshot.state === 'running') {
    alarms.push('relay-stopped')
  }
  const refused = [snapshot.uploader.lastErrorCode, snapshot.heartbeat.lastErrorCode]
  const syncError = snapshot.brain?.sync.lastError
  if (refused.includes('EDGE_UNAUTHORISED') || syncError === 'EDGE_UNAUTHENTICATED') {
    alarms.push('edge-credential-refused')
  }
  if (snapshot.uploader.consecutiveFailures >= UPLOAD_FAILURES_ALARM) alarms.push('upload-failing')
  if (snapshot.outbox.rejected > 0) alarms.push('outbox-records-rejected')
  return alarms.slice(0, 32)
}

export function healthOf(snapshot: GateSnapshot): HealthReport {
  const alarms = alarmsOf(snapshot)
  if (snapshot.state !== 'running') {
    return { status: snapshot.state === 'starting' ? 'starting' : 'stopping', alarms }
  }
  return { status: alarms.length === 0 ? 'ok' : 'degraded', alarms }
}

/** The `/status` answer: everything an operator checks first, and no personal data. */
export function statusOf(snapshot: GateSnapshot): unknown {
  const { brain, config, outbox, uploader } = snapshot
  const sync = brain?.sync
  const passages = new Map(snapshot.passages.map((p) => [p.lane, p]))
  return {
    version: snapshot.version,
    state: snapshot.state,
    uptimeSeconds:
      snapshot.startedAt === undefined ? 0 : Math.round((snapshot.now - snapshot.startedAt) / 1000),
    sync:
      sync === undefined
        ? null
        : {
            cacheState: sync.cacheState,
            feedSeq: sync.feedSeq,
            latestSeq: sync.latestSeq ?? null,
            lagEntries:
              sync.latestSeq === undefined ? null : Math.max(0, sync.latestSeq - sync.feedSeq),
            lastSyncAt: sync.lastSyncAt ?? null,
            cacheAgeSeconds: sync.cacheAgeSeconds,
            pushConnected: sync.connected,
            lastError: sync.lastError ?? null,
            failures: sync.failures,
            revocations: sync.revocations,
          },
    staleness: {
      stale: brain?.stale ?? true,
      maxStalenessSeconds: config.verification.maxStalenessSeconds,
      offlineMode: config.verification.offlineMode,
      refusingAll: (brain?.stale ?? true) && config.verification.offlineMode === 'refuse',
    },
    clock: brain?.clock ?? null,
    outbox: { ...outbox, upload: uploader },
    relays: snapshot.relays,
    fireAlarm: snapshot.fireAlarm,
    heartbeat: snapshot.heartbeat,
    lanes: config.lanes.map((lane) => {
      const last = snapshot.screen.latest(lane.id)
      return {
        id: lane.id,
        group: lane.group,
        sources: snapshot.sources.get(lane.id) ?? [],
        passages: passages.get(lane.id)?.count ?? null,
        lastResult:
          last === undefined ? null : { verdict: last.verdict, reason: last.reason, at: last.at },
      }
    }),
    alarms: alarmsOf(snapshot),
  }
}

export function heartbeatOf(snapshot: GateSnapshot, clockMs: number): Heartbeat {
  const relays = snapshot.relays
    .flatMap((relay) => relay.lanes)
    .map(({ lane, energised, lastErrorCode }) => ({
      lane,
      state:
        energised === 'unknown' || lastErrorCode !== undefined
          ? ('fault' as const)
          : energised
            ? ('energised' as const)
            : ('released' as const),
    }))
  return {
    version: snapshot.version.slice(0, 32),
    clock: Math.round(clockMs),
    feedSeq: snapshot.brain?.sync.feedSeq ?? 0,
    cacheAgeSeconds: snapshot.brain?.sync.cacheAgeSeconds ?? null,
    outboxDepth: snapshot.outbox.rows,
    relays: relays.slice(0, 64),
    fireAlarm: snapshot.fireAlarm.latched,
    alarms: alarmsOf(snapshot).map((alarm) => alarm.slice(0, 64)),
  }
}
