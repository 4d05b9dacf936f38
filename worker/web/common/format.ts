// Dates, times and durations in the reader's language.
import { currentLanguage } from './preferences.ts'

function locale(): string {
  return currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB'
}

/** `2026年8月3日 14:05` / `3 Aug 2026, 14:05` */
export function formatDateTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString(locale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
}

export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString(locale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  })
}

/** `14:05:09` */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(locale(), { hour12: false })
}

/** `2:05` for 125 s; never negative. */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds))
  const minutes = Math.floor(whole / 60)
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`
}

/** The local calendar date `YYYY-MM-DD` of an instant (for date inputs). */
export function isoDate(ms: number): string {
  const date = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
