// The anti-passback memory: restored passes keep pass order, capacity and this run's passes.
import { describe, expect, it } from 'vitest'
import { AntiPassback, laneGroupOf } from './anti-passback.ts'

const WALL = 1_800_000_000_000

describe('AntiPassback', () => {
  it('keeps a pass of this run over an older restored one for the same person', () => {
    const memory = new AntiPassback()
    memory.record('north', 'a', 50_000, 30)
    memory.restore([{ group: 'north', subject: 'a', passedAtMs: WALL - 29_000 }], WALL, 60_000, 30)

    expect(memory.isRecent('north', 'a', 79_999, 30)).toBe(true)
    expect(memory.isRecent('north', 'a', 80_000, 30)).toBe(false)
  })

  it('forgets the oldest restored passes first when they exceed its capacity', () => {
    const memory = new AntiPassback({ capacity: 2 })
    memory.restore(
      [
        { group: 'north', subject: 'newest', passedAtMs: WALL - 1_000 },
        { group: 'north', subject: 'oldest', passedAtMs: WALL - 3_000 },
        { group: 'north', subject: 'middle', passedAtMs: WALL - 2_000 },
      ],
      WALL,
      100_000,
      30,
    )

    expect(memory.size).toBe(2)
    expect(memory.isRecent('north', 'oldest', 100_000, 30)).toBe(false)
    expect(memory.isRecent('north', 'middle', 100_000, 30)).toBe(true)
    expect(memory.isRecent('north', 'newest', 100_000, 30)).toBe(true)
  })

  it('restores nothing while the window is zero', () => {
    const memory = new AntiPassback()
    memory.restore([{ group: 'north', subject: 'a', passedAtMs: WALL }], WALL, 1_000, 0)
    expect(memory.size).toBe(0)
  })

  it('puts a lane with no configured group in a group of its own', () => {
    const groups = new Map([[1, 'north']])
    expect(laneGroupOf(groups, 1)).toBe('north')
    expect(laneGroupOf(groups, 7)).toBe('lane-7')
  })
})
