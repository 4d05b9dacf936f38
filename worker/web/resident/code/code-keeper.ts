// Keeps a person's current code: fetches it, fetches the next one before it expires, keeps
// the last valid one through network trouble, and drops it the moment it expires or the
// person is no longer approved. No DOM here: the code page draws what this says.
import type { IssuedCode, PersonStatus } from '@greengate/shared'
import { ApiError } from '../../common/api-error.ts'

export type CodeState =
  | { kind: 'loading' }
  | {
      kind: 'showing'
      code: IssuedCode
      /** Local clock (ms) at which the code dies. */
      expiresAtMs: number
      /** The server's clock minus this phone's (ms), as the code's issue time tells. */
      clockOffsetMs: number
      /** A fetch of the next code is under way. */
      refreshing: boolean
      /** The last fetch failed for want of network (or a server fault): retrying. */
      offline: boolean
    }
  /** The last code died and no new one came: nothing may be shown. */
  | { kind: 'expired'; offline: boolean }
  /** The API refuses a code (revoked, not approved...), or the person's status changed. */
  | { kind: 'refused'; error: ApiError | null; status: PersonStatus | null }

export interface CodeKeeperDeps {
  fetchCode(signal: AbortSignal): Promise<IssuedCode>
  /** The person's status, polled so that a revocation shows within seconds. */
  fetchStatus(signal: AbortSignal): Promise<PersonStatus>
  onChange(state: CodeState): void
  now?: () => number
  /** Wait after a failed fetch. */
  retryMs?: number
  /** Between status checks. */
  statusPollMs?: number
}

export interface CodeKeeper {
  start(): void
  stop(): void
  /** Re-judges the clock at once (after the phone wakes, or the network returns). */
  check(): void
  /** Fetches a new code now, unless one is already coming. */
  refreshNow(): void
  state(): CodeState
}

export function createCodeKeeper(deps: CodeKeeperDeps): CodeKeeper {
  const now = deps.now ?? (() => Date.now())
  const retryMs = deps.retryMs ?? 5_000
  const statusPollMs = deps.statusPollMs ?? 10_000
  const controller = new AbortController()
  let state: CodeState = { kind: 'loading' }
  let refreshAtMs = Number.POSITIVE_INFINITY
  let fetching = false
  let refreshTimer: number | undefined
  let expiryTimer: number | undefined
  let statusTimer: number | undefined

  const set = (next: CodeState) => {
    state = next
    deps.onChange(state)
  }

  const refuse = (error: ApiError | null, status: PersonStatus | null) => {
    clearTimeout(refreshTimer)
    clearTimeout(expiryTimer)
    clearInterval(statusTimer)
    refreshAtMs = Number.POSITIVE_INFINITY
    set({ kind: 'refused', error, status })
  }

  const scheduleRefresh = (atMs: number) => {
    refreshAtMs = atMs
    clearTimeout(refreshTimer)
    refreshTimer = setTimeout(() => void fetchCode(), Math.max(0, atMs - now()))
  }

  const accept = (code: IssuedCode, receivedAtMs: number) => {
    // The server's clock rules: judge expiry by time elapsed since the code was issued, so a
    // phone whose clock is wrong neither drops a good code nor keeps a dead one.
    const offsetMs = code.issuedAt * 1000 - receivedAtMs
    const expiresAtMs = code.expiresAt * 1000 - offsetMs
    set({
      kind: 'showing',
      code,
      expiresAtMs,
      clockOffsetMs: offsetMs,
      refreshing: false,
      offline: false,
    })
    clearTimeout(expiryTimer)
    expiryTimer = setTimeout(check, Math.max(0, expiresAtMs - now()))
    scheduleRefresh(code.refreshAfter * 1000 - offsetMs)
  }

  const fetchCode = async () => {
    if (fetching || controller.signal.aborted || state.kind === 'refused') return
    fetching = true
    if (state.kind === 'showing') set({ ...state, refreshing: true })
    try {
      const code = await deps.fetchCode(controller.signal)
      if (!controller.signal.aborted) accept(code, now())
    } catch (error) {
      if (controller.signal.aborted) return
      if (error instanceof ApiError && !retryable(error)) {
        refuse(error, null)
        return
      }
      if (state.kind === 'showing') set({ ...state, refreshing: false, offline: true })
      else set({ kind: 'expired', offline: true })
      scheduleRefresh(now() + retryMs)
    } finally {
      fetching = false
    }
  }

  const pollStatus = async () => {
    if (state.kind === 'refused') return
    try {
      const status = await deps.fetchStatus(controller.signal)
      if (!controller.signal.aborted && status !== 'approved') refuse(null, status)
    } catch (error) {
      if (controller.signal.aborted) return
      if (error instanceof ApiError && !retryable(error)) refuse(error, null)
      // Network trouble shows through the code's own fetches.
    }
  }

  function check(): void {
    const current = state
    if (current.kind === 'showing' && now() >= current.expiresAtMs) {
      set({ kind: 'expired', offline: current.offline })
    }
    if (now() >= refreshAtMs) void fetchCode()
  }

  return {
    start: () => {
      void fetchCode()
      statusTimer = setInterval(() => void pollStatus(), statusPollMs)
    },
    stop: () => {
      controller.abort()
      clearTimeout(refreshTimer)
      clearTimeout(expiryTimer)
      clearInterval(statusTimer)
    },
    check,
    refreshNow: () => void fetchCode(),
    state: () => state,
  }
}

/** No network, or a fault on the server's side: the next try may succeed. */
function retryable(error: ApiError): boolean {
  return (
    error.offline ||
    error.status >= 500 ||
    error.code === 'BAD_RESPONSE' ||
    error.code === 'RATE_LIMITED'
  )
}
