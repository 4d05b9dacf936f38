// One line of the results table: a hot path, its figure, the floor beside it, and the verdict.

export interface Row {
  /** Stable id, as `--only` names it (e.g. `gate.code-decision`). */
  id: string
  /** The hot path, as the table shows it. */
  path: string
  /** The subject's figure in words, e.g. `p50 84 µs, p99 131 µs`. */
  subject: string
  /** The floor or ceiling measured in the same run, in words. */
  floor: string
  /** The figure the bar is about (subject over floor, or rate over ceiling); null if none. */
  ratio: number | null
  /** The bar in words, e.g. `<= 1.5x, p99 < 1 ms`. */
  bar: string
  /** Whether the bar was met; null when the row could not be measured. */
  pass: boolean | null
  /** Raw figures for the JSON file. */
  figures: Record<string, unknown>
  /** Why a row missed or was skipped, or how it was measured. */
  note?: string
}

/** A row for a bench that could not run, with the reason. */
export function skippedRow(id: string, path: string, bar: string, reason: string): Row {
  return {
    id,
    path,
    subject: '-',
    floor: '-',
    ratio: null,
    bar,
    pass: null,
    figures: {},
    note: reason,
  }
}

/** Formats a duration in microseconds with a unit that keeps 3 significant digits. */
export function formatMicros(us: number): string {
  if (us < 1) return `${round(us * 1000)} ns`
  if (us < 1000) return `${round(us)} µs`
  if (us < 1_000_000) return `${round(us / 1000)} ms`
  return `${round(us / 1_000_000)} s`
}

export function formatMs(ms: number): string {
  return formatMicros(ms * 1000)
}

/** A rate with k/M suffixes: `12.3k/s`. */
export function formatRate(perSecond: number, unit = '/s'): string {
  if (perSecond >= 1_000_000) return `${round(perSecond / 1_000_000)}M${unit}`
  if (perSecond >= 1_000) return `${round(perSecond / 1_000)}k${unit}`
  return `${round(perSecond)}${unit}`
}

/** Three significant digits, no trailing noise. */
export function round(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2
  return x.toFixed(digits)
}
