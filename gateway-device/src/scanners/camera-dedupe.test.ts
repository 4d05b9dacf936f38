import { describe, expect, it } from 'vitest'
import { ScanDeduper } from './camera-dedupe.ts'

describe('ScanDeduper', () => {
  it('answers a code once while it stays in view', () => {
    const deduper = new ScanDeduper({ absentFrames: 3, holdOffMs: Infinity })

    expect(deduper.accept(['A'], 0)).toEqual(['A'])
    expect(deduper.accept(['A'], 66)).toEqual([])
    expect(deduper.accept(['A'], 133)).toEqual([])
  })

  it('answers a code again after it was missing from absentFrames decoded frames', () => {
    const deduper = new ScanDeduper({ absentFrames: 3, holdOffMs: Infinity })
    deduper.accept(['A'], 0)
    deduper.accept([], 1)
    deduper.accept([], 2)
    deduper.accept([], 3)

    expect(deduper.accept(['A'], 4)).toEqual(['A'])
  })

  it('treats a shorter gap as the same presentation, as when a frame is blurred', () => {
    const deduper = new ScanDeduper({ absentFrames: 3, holdOffMs: Infinity })
    deduper.accept(['A'], 0)
    deduper.accept([], 1)
    deduper.accept([], 2)
    deduper.accept(['A'], 3)
    deduper.accept([], 4)
    deduper.accept([], 5)

    expect(deduper.accept(['A'], 6)).toEqual([])
  })

  it('answers a held code again once the hold-off has passed since its last answer', () => {
    const deduper = new ScanDeduper({ absentFrames: 3, holdOffMs: 1000 })

    expect(deduper.accept(['A'], 0)).toEqual(['A'])
    expect(deduper.accept(['A'], 999)).toEqual([])
    expect(deduper.accept(['A'], 1000)).toEqual(['A'])
    expect(deduper.accept(['A'], 1999)).toEqual([])
    expect(deduper.accept(['A'], 2000)).toEqual(['A'])
  })

  it('follows several codes in view independently', () => {
    const deduper = new ScanDeduper({ absentFrames: 2, holdOffMs: Infinity })

    expect(deduper.accept(['A'], 0)).toEqual(['A'])
    expect(deduper.accept(['A', 'B'], 1)).toEqual(['B'])
    expect(deduper.accept(['B'], 2)).toEqual([])
    expect(deduper.accept(['B'], 3)).toEqual([])
    expect(deduper.accept(['A', 'B'], 4)).toEqual(['A'])
  })

  it('answers a code found twice in one frame once', () => {
    const deduper = new ScanDeduper({ absentFrames: 2, holdOffMs: Infinity })

    expect(deduper.accept(['A', 'A'], 0)).toEqual(['A'])
  })

  it('forgets every code on clear', () => {
    const deduper = new ScanDeduper({ absentFrames: 2, holdOffMs: Infinity })
    deduper.accept(['A'], 0)
    deduper.clear()

    expect(deduper.accept(['A'], 1)).toEqual(['A'])
  })
})
