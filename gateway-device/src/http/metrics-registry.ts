// A small Prometheus registry: counters, gauges read at scrape time, histograms; text format 0.0.4.

export type Labels = Readonly<Record<string, string | number>>

/** One value of a collected metric. */
export interface Sample {
  labels?: Labels
  value: number
}

interface Metric {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  render(): string[]
}

export class Counter implements Metric {
  readonly type = 'counter'
  readonly name: string
  readonly help: string
  readonly #values = new Map<string, { labels: Labels; value: number }>()

  constructor(name: string, help: string) {
    this.name = name
    this.help = help
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels)
    const entry = this.#values.get(key)
    if (entry) entry.value += by
    else this.#values.set(key, { labels, value: by })
  }

  /** The current value, for tests and the status page. */
  get(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels))?.value ?? 0
  }

  render(): string[] {
    return [...this.#values.values()].map(({ labels, value }) => line(this.name, labels, value))
  }
}

/** A value owned by another component, read when scraped (outbox depth, cache age). */
export class CollectedMetric implements Metric {
  readonly name: string
  readonly help: string
  readonly type: 'counter' | 'gauge'
  readonly #collect: () => readonly Sample[]

  constructor(
    name: string,
    help: string,
    type: 'counter' | 'gauge',
    collect: () => readonly Sample[],
  ) {
    this.name = name
    this.help = help
    this.type = type
    this.#collect = collect
  }

  render(): string[] {
    return this.#collect().map(({ labels, value }) => line(this.name, labels ?? {}, value))
  }
}

interface HistogramSeries {
  labels: Labels
  counts: number[]
  sum: number
  count: number
}

export class Histogram implements Metric {
  readonly type = 'histogram'
  readonly name: string
  readonly help: string
  readonly #buckets: readonly number[]
  readonly #series = new Map<string, HistogramSeries>()

  constructor(name: string, help: string, buckets: readonly number[]) {
    this.name = name
    this.help = help
    this.#buckets = [...buckets].sort((a, b) => a - b)
  }

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels)
    let series = this.#series.get(key)
    if (!series) {
      series = { labels, counts: this.#buckets.map(() => 0), sum: 0, count: 0 }
      this.#series.set(key, series)
    }
    for (let i = 0; i < this.#buckets.length; i++) {
      if (value <= (this.#buckets[i] as number)) series.counts[i] = (series.counts[i] ?? 0) + 1
    }
    series.sum += value
    series.count += 1
  }

  /** Observations so far, for tests. */
  count(labels: Labels = {}): number {
    return this.#series.get(labelKey(labels))?.count ?? 0
  }

  render(): string[] {
    const lines: string[] = []
    for (const { labels, counts, sum, count } of this.#series.values()) {
      this.#buckets.forEach((bound, i) => {
        lines.push(
          line(`${this.name}_bucket`, { ...labels, le: formatNumber(bound) }, counts[i] ?? 0),
        )
      })
      lines.push(line(`${this.name}_bucket`, { ...labels, le: '+Inf' }, count))
      lines.push(line(`${this.name}_sum`, labels, sum))
      lines.push(line(`${this.name}_count`, labels, count))
    }
    return lines
  }
}

export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>()

  counter(name: string, help: string): Counter {
    return this.#add(new Counter(name, help))
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, buckets))
  }

  collected(
    name: string,
    help: string,
    type: 'counter' | 'gauge',
    collect: () => readonly Sample[],
  ): CollectedMetric {
    return this.#add(new CollectedMetric(name, help, type, collect))
  }

  /** The exposition text; a collector that throws is skipped, never breaks the scrape. */
  render(): string {
    const out: string[] = []
    for (const metric of this.#metrics.values()) {
      let lines: string[]
      try {
        lines = metric.render()
      } catch {
        continue
      }
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
      out.push(`# TYPE ${metric.name} ${metric.type}`)
      out.push(...lines)
    }
    return `${out.join('\n')}\n`
  }

  #add<M extends Metric>(metric: M): M {
    if (this.#metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`)
    this.#metrics.set(metric.name, metric)
    return metric
  }
}

function line(name: string, labels: Labels, value: number): string {
  const entries = Object.entries(labels)
  const pairs = entries.map(([key, v]) => `${key}="${escapeLabel(String(v))}"`)
  const rendered = pairs.length === 0 ? '' : `{${pairs.join(',')}}`
  return `${name}${rendered} ${formatNumber(value)}`
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))
}
