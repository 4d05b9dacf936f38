// Prometheus text exposition: counters, collected values, histogram buckets, label escaping.
import { describe, expect, it } from 'vitest'
import { MetricsRegistry } from './metrics-registry.ts'

describe('MetricsRegistry', () => {
  it('renders counters per label set, with HELP and TYPE', () => {
    const registry = new MetricsRegistry()
    const decisions = registry.counter('gate_decisions_total', 'Decisions.')
    decisions.inc({ lane: 1, reason: 'OK' })
    decisions.inc({ reason: 'OK', lane: 1 })
    decisions.inc({ lane: 2, reason: 'CODE_EXPIRED' })

    expect(registry.render()).toBe(
      [
        '# HELP gate_decisions_total Decisions.',
        '# TYPE gate_decisions_total counter',
        'gate_decisions_total{lane="1",reason="OK"} 2',
        'gate_decisions_total{lane="2",reason="CODE_EXPIRED"} 1',
        '',
      ].join('\n'),
    )
  })

  it('renders cumulative histogram buckets with sum and count', () => {
    const registry = new MetricsRegistry()
    const latency = registry.histogram('gate_latency_seconds', 'Latency.', [0.01, 0.1])
    latency.observe(0.005)
    latency.observe(0.05)
    latency.observe(3)

    const text = registry.render()

    expect(text).toContain('gate_latency_seconds_bucket{le="0.01"} 1\n')
    expect(text).toContain('gate_latency_seconds_bucket{le="0.1"} 2\n')
    expect(text).toContain('gate_latency_seconds_bucket{le="+Inf"} 3\n')
    expect(text).toContain('gate_latency_seconds_sum 3.055\n')
    expect(text).toContain('gate_latency_seconds_count 3\n')
  })

  it('reads collected values at scrape time and skips a collector that throws', () => {
    const registry = new MetricsRegistry()
    let depth = 1
    registry.collected('gate_outbox_depth', 'Depth.', 'gauge', () => [{ value: depth }])
    registry.collected('gate_broken', 'Broken.', 'gauge', () => {
      throw new Error('not ready')
    })
    depth = 7

    const text = registry.render()

    expect(text).toContain('gate_outbox_depth 7\n')
    expect(text).not.toContain('gate_broken')
  })

  it('escapes quotes, backslashes and newlines in label values', () => {
    const registry = new MetricsRegistry()
    registry.counter('gate_odd_total', 'Odd.').inc({ source: 'a"b\\c\nd' })

    expect(registry.render()).toContain('gate_odd_total{source="a\\"b\\\\c\\nd"} 1')
  })

  it('refuses the same metric name twice', () => {
    const registry = new MetricsRegistry()
    registry.counter('gate_x_total', 'X.')

    expect(() => registry.counter('gate_x_total', 'X.')).toThrow('registered twice')
  })
})
