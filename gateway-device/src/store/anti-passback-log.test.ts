// The anti-passback log on a real SQLite file: kept across a reopen, latest pass wins, pruned.
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AntiPassbackLog, antiPassbackMigrations } from './anti-passback-log.ts'
import { GateStore } from './gate-store.ts'
import { tempDir } from './testing/temp-dir.ts'

const T = 1_800_000_000_000

describe('AntiPassbackLog', () => {
  let dir: ReturnType<typeof tempDir>
  let store: GateStore

  const openStore = (): GateStore => {
    store = new GateStore({
      path: join(dir.path, 'gate.db'),
      migrations: [antiPassbackMigrations],
      logger: pino({ level: 'silent' }),
    })
    store.open()
    return store
  }

  beforeEach(() => {
    dir = tempDir('gate-passback-')
  })
  afterEach(() => {
    store.close()
    dir.remove()
  })

  it('gives back every pass after the store is closed and reopened, oldest first', () => {
    const log = new AntiPassbackLog({ store: openStore() })
    log.remember({ group: 'north', subject: 'b', passedAtMs: T + 2_000 }, 30)
    log.remember({ group: 'north', subject: 'a', passedAtMs: T + 1_000 }, 30)
    log.remember({ group: 'south', subject: 'a', passedAtMs: T + 3_000 }, 30)
    store.close()

    const reopened = new AntiPassbackLog({ store: openStore() })
    expect(reopened.load()).toEqual([
      { group: 'north', subject: 'a', passedAtMs: T + 1_000 },
      { group: 'north', subject: 'b', passedAtMs: T + 2_000 },
      { group: 'south', subject: 'a', passedAtMs: T + 3_000 },
    ])
  })

  it('keeps one row per person and group, with the later pass time', () => {
    const log = new AntiPassbackLog({ store: openStore() })
    log.remember({ group: 'north', subject: 'a', passedAtMs: T + 5_000 }, 30)
    log.remember({ group: 'north', subject: 'a', passedAtMs: T + 9_000 }, 30)
    log.remember({ group: 'north', subject: 'a', passedAtMs: T + 7_000 }, 30)

    expect(log.load()).toEqual([{ group: 'north', subject: 'a', passedAtMs: T + 9_000 }])
  })

  it('deletes passes older than the window along with a new pass, at most once a minute', () => {
    const log = new AntiPassbackLog({ store: openStore(), pruneEveryMs: 60_000 })
    log.remember({ group: 'north', subject: 'old', passedAtMs: T }, 30)
    log.remember({ group: 'north', subject: 'mid', passedAtMs: T + 40_000 }, 30)
    // Not yet a minute since the last prune: 'old' is out of the window but still kept.
    expect(log.load().map((pass) => pass.subject)).toEqual(['old', 'mid'])

    log.remember({ group: 'north', subject: 'new', passedAtMs: T + 60_000 }, 30)
    expect(log.load().map((pass) => pass.subject)).toEqual(['mid', 'new'])
  })
})
