// The code page's timing: refresh before expiry, ride out the network, never show a dead code.
import type { IssuedCode, PersonStatus } from '@greengate/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../common/api-error.ts'
import { createCodeKeeper, type CodeKeeper, type CodeState } from './code-keeper.ts'

const T0 = 1_800_000_000

function code(issuedAt: number, ttl = 40): IssuedCode {
  return {
    code: `jws-${issuedAt}`,
    qrText: 'GG:/00',
    kind: 'phone',
    colour: 'green',
    nameMasked: '张*明',
    issuedAt,
    expiresAt: issuedAt + ttl,
    refreshAfter: issuedAt + ttl - 10,
  }
}

const offline = () => new ApiError('NETWORK_ERROR', 'The network is unreachable', { status: 0 })

describe('createCodeKeeper', () => {
  let states: CodeState[]
  let fetchCode: ReturnType<typeof vi.fn<(signal: AbortSignal) => Promise<IssuedCode>>>
  let fetchStatus: ReturnType<typeof vi.fn<(signal: AbortSignal) => Promise<PersonStatus>>>
  let keeper: CodeKeeper

  const serverNow = () => Math.floor(Date.now() / 1000)
  const last = () => states[states.length - 1]

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 * 1000 })
    states = []
    fetchCode = vi.fn(async () => code(serverNow()))
    fetchStatus = vi.fn(async () => 'approved' as const)
    keeper = createCodeKeeper({ fetchCode, fetchStatus, onChange: (state) => states.push(state) })
  })

  afterEach(() => {
    keeper.stop()
    vi.useRealTimers()
  })

  it('shows the first code, then fetches the next at refreshAfter without a gap', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(last()).toMatchObject({ kind: 'showing', code: { issuedAt: T0 } })

    await vi.advanceTimersByTimeAsync(29_000)
    expect(fetchCode).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fetchCode).toHaveBeenCalledTimes(2)
    expect(last()).toMatchObject({ kind: 'showing', code: { issuedAt: T0 + 30 }, offline: false })
    expect(states.some((state) => state.kind === 'expired')).toBe(false)
  })

  it('keeps the last code marked offline while the network is down, and blanks it at expiry', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    fetchCode.mockImplementation(async () => Promise.reject(offline()))

    await vi.advanceTimersByTimeAsync(30_000)
    expect(last()).toMatchObject({ kind: 'showing', code: { issuedAt: T0 }, offline: true })

    await vi.advanceTimersByTimeAsync(10_000)
    expect(last()).toEqual({ kind: 'expired', offline: true })
    expect(fetchCode.mock.calls.length).toBeGreaterThan(2)
  })

  it('shows a fresh code as soon as the network returns after expiry', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    fetchCode.mockImplementation(async () => Promise.reject(offline()))
    await vi.advanceTimersByTimeAsync(45_000)
    expect(last()?.kind).toBe('expired')

    fetchCode.mockImplementation(async () => code(serverNow()))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(last()).toMatchObject({ kind: 'showing', offline: false })
  })

  it('judges expiry by the server clock, whatever the phone’s clock says', async () => {
    // The phone runs 10 minutes fast: the code must still live its full 40 seconds.
    fetchCode.mockImplementation(async () => code(serverNow() - 600))
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(last()?.kind).toBe('showing')
    fetchCode.mockImplementation(async () => Promise.reject(offline()))
    await vi.advanceTimersByTimeAsync(39_000)
    expect(last()?.kind).toBe('showing')
    await vi.advanceTimersByTimeAsync(1_100)
    expect(last()?.kind).toBe('expired')
  })

  it('drops the code at once when the API refuses one (revoked)', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    const revoked = new ApiError('PERSON_REVOKED', "This person's code has been withdrawn", {
      status: 409,
    })
    fetchCode.mockImplementation(async () => Promise.reject(revoked))

    await vi.advanceTimersByTimeAsync(30_000)
    expect(last()).toEqual({ kind: 'refused', error: revoked, status: null })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchCode).toHaveBeenCalledTimes(2)
  })

  it('drops the code within one status poll when the person stops being approved', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    fetchStatus.mockImplementation(async () => 'revoked')

    await vi.advanceTimersByTimeAsync(10_000)
    expect(last()).toEqual({ kind: 'refused', error: null, status: 'revoked' })
  })

  it('fetches nothing more once stopped', async () => {
    keeper.start()
    await vi.advanceTimersByTimeAsync(0)
    keeper.stop()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetchCode).toHaveBeenCalledTimes(1)
    expect(fetchStatus).not.toHaveBeenCalled()
  })
})
