import { describe, expect, it } from 'vitest'
import { percentile, rateRatio, summarize, timeRatio } from './stats.ts'

describe('bench statistics', () => {
  it('interpolates percentiles between the nearest ranks, as R type 7 does', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

    expect(percentile(sorted, 0)).toBe(1)
    expect(percentile(sorted, 1)).toBe(10)
    expect(percentile(sorted, 0.5)).toBe(5.5)
    expect(percentile(sorted, 0.9)).toBeCloseTo(9.1, 10)
    expect(percentile(sorted, 0.99)).toBeCloseTo(9.91, 10)
    expect(percentile([42], 0.99)).toBe(42)
  })

  it('summarises unsorted samples without changing them', () => {
    const samples = [9, 1, 5, 3, 7]
    const summary = summarize(samples)

    expect(samples).toEqual([9, 1, 5, 3, 7])
    expect(summary).toMatchObject({ count: 5, min: 1, max: 9, mean: 5, median: 5 })
    expect(summary.p90).toBeCloseTo(8.2, 10)
    expect(summary.stdev).toBeCloseTo(Math.sqrt(10), 10)
    expect(summarize([4]).stdev).toBe(0)
  })

  it('puts a p99 in the tail of a long-tailed sample', () => {
    const samples = [...Array<number>(990).fill(1), ...Array<number>(10).fill(100)]

    expect(summarize(samples).median).toBe(1)
    expect(summarize(samples).p99).toBeCloseTo(1.99, 10)
  })

  it('turns times and rates into ratios where 1 is the floor', () => {
    expect(timeRatio(150, 100)).toBe(1.5)
    expect(rateRatio(800, 1000)).toBe(0.8)
  })

  it('refuses empty samples, impossible percentiles and zero floors', () => {
    expect(() => summarize([])).toThrow(RangeError)
    expect(() => percentile([1, 2], 1.5)).toThrow(RangeError)
    expect(() => timeRatio(1, 0)).toThrow(RangeError)
    expect(() => rateRatio(1, 0)).toThrow(RangeError)
  })
})
