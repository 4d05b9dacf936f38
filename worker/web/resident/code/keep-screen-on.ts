// Asks the phone not to dim while the code is shown; quietly does without where refused.

interface WakeLockSentinelLike {
  release(): Promise<void>
}

interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>
}

/** Answers a function that lets the screen dim again. */
export function keepScreenOn(): () => void {
  const wakeLock = (navigator as Navigator & { wakeLock?: WakeLockLike }).wakeLock
  if (wakeLock === undefined) return () => {}

  let sentinel: WakeLockSentinelLike | null = null
  let released = false
  const acquire = () => {
    if (released || document.visibilityState !== 'visible') return
    wakeLock.request('screen').then(
      (lock) => {
        if (released) void lock.release().catch(() => {})
        else sentinel = lock
      },
      () => {
        // Refused (battery saver, no user gesture, headless): the code works without it.
      },
    )
  }
  // The lock ends when the page is hidden; take it again on return.
  document.addEventListener('visibilitychange', acquire)
  acquire()

  return () => {
    released = true
    document.removeEventListener('visibilitychange', acquire)
    void sentinel?.release().catch(() => {})
  }
}
