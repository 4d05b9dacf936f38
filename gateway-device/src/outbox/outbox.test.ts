// The outbox on a real SQLite file: durable records, acknowledged deletes, the bound when full.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import type { PassEvent } from '@greengate/shared'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isOutboxError } from './outbox-error.ts'
import type { GateStore } from '../store/gate-store.ts'
import { Outbox, type OutboxOptions } from './outbox.ts'
import { bareRefusal, passEvent, refusal } from './testing/pass-events.ts'
import { openTestStore } from './testing/test-store.ts'

const logger = pino({ level: 'silent' })

describe('Outbox', () => {
  let dir: string
  let open: { outbox: Outbox; store: GateStore }[]

  const openOutbox = (options: Partial<OutboxOptions> = {}) => {
    const store = openTestStore(join(dir, 'gate.db'))
    const outbox = new Outbox({
      store,
      maxRows: 1_000,
      maxBytes: 10_000_000,
      alarmAtFraction: 0.8,
      logger,
      ...options,
    })
    outbox.start()
    open.push({ outbox, store })
    return outbox
  }
  const closeLast = () => {
    const last = open.pop()
    last?.outbox.stop()
    last?.store.close()
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-outbox-'))
    open = []
  })
  afterEach(async () => {
    while (open.length > 0) closeLast()
    await rm(dir, { recursive: true, force: true })
  })

  it('gives records back oldest first, with exactly the fields recorded', () => {
    const outbox = openOutbox()
    const first = passEvent({ lane: 3 })
    const second = bareRefusal()

    outbox.record(first)
    outbox.record(second)

    expect(outbox.pending(10)).toEqual([first, second])
    expect(outbox.state()).toMatchObject({ rows: 2 })
  })

  it('keeps records across a close and reopen', () => {
    const event = passEvent()
    openOutbox().record(event)
    closeLast()

    expect(openOutbox().pending(10)).toEqual([event])
  })

  it('keeps a record written just before the process is killed', async () => {
    const path = join(dir, 'gate.db')
    const child = spawn(
      process.execPath,
      [
        '--no-warnings',
        fileURLToPath(new URL('./testing/record-then-hang.ts', import.meta.url)),
        path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const ids = await new Promise<string[]>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString('utf8'))))
      child.once('error', reject)
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    expect(
      openOutbox()
        .pending(100)
        .map((event) => event.id),
    ).toEqual(ids)
  })

  it('deletes records once uploaded, and only those', () => {
    const outbox = openOutbox()
    const [a, b, c] = [passEvent(), passEvent(), passEvent()]
    for (const event of [a, b, c]) outbox.record(event)

    expect(outbox.markUploaded([a.id, c.id, 'never-recorded'])).toBe(2)

    expect(outbox.pending(10)).toEqual([b])
    expect(outbox.state().rows).toBe(1)
  })

  it('refuses a record that does not match the shared schema', () => {
    const outbox = openOutbox()
    const withName = { ...passEvent(), name: '张三' } as PassEvent

    expect(() => outbox.record(withName)).toThrow(
      expect.objectContaining({ code: 'OUTBOX_RECORD_INVALID' }),
    )
    expect(outbox.state().rows).toBe(0)
  })

  it('refuses to record before start', () => {
    const store = { db: openTestStore(join(dir, 'gate.db')).db }
    const outbox = new Outbox({ store, maxRows: 10, maxBytes: 1e6, alarmAtFraction: 0.8, logger })

    expect(() => outbox.record(passEvent())).toThrow(
      expect.objectContaining({ code: 'OUTBOX_NOT_STARTED' }),
    )
  })

  it('skips a record the edge rejected until the next start', () => {
    const outbox = openOutbox()
    const [bad, good] = [passEvent(), passEvent()]
    outbox.record(bad)
    outbox.record(good)

    outbox.markRejected(bad.id)

    expect(outbox.pending(10)).toEqual([good])
    expect(outbox.state().rejected).toBe(1)
    closeLast()
    expect(openOutbox().pending(10)).toEqual([bad, good])
  })

  it('has a pass on disk at once, and a refusal by the end of the event-loop turn', async () => {
    const outbox = openOutbox()
    const reader = new DatabaseSync(join(dir, 'gate.db'), { readOnly: true })
    const onDisk = () =>
      (reader.prepare('SELECT count(*) AS n FROM pass_outbox').get() as { n: number }).n

    for (let i = 0; i < 50; i++) outbox.record(refusal())
    expect(onDisk()).toBe(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(onDisk()).toBe(50)

    outbox.record(refusal())
    outbox.record(passEvent())
    expect(onDisk()).toBe(52)
    reader.close()
  })

  describe('withPass', () => {
    it('writes with each pass inside its transaction, on disk with it, never for refusals', () => {
      let store: GateStore | undefined
      const outbox = openOutbox({
        withPass: (event) => {
          const db = store?.db
          db?.prepare('INSERT INTO extra (subject, inside) VALUES (?, ?)').run(
            event.subject ?? null,
            db.isTransaction ? 1 : 0,
          )
        },
      })
      store = open.at(-1)?.store
      store?.db.exec('CREATE TABLE extra (subject TEXT, inside INTEGER)')

      outbox.record(refusal({ subject: 'refused-001' }))
      outbox.record(passEvent({ subject: 'passed-0001' }))

      const reader = openTestStore(join(dir, 'gate.db'))
      const rows = reader.db.prepare('SELECT subject, inside FROM extra').all()
      reader.close()
      expect(rows).toEqual([{ subject: 'passed-0001', inside: 1 }])
    })

    it('records nothing, and so keeps the lane shut, when it throws', () => {
      const outbox = openOutbox({
        withPass: () => {
          throw new Error('disk trouble')
        },
      })

      let code: string | undefined
      try {
        outbox.record(passEvent())
      } catch (err) {
        code = isOutboxError(err) ? err.code : 'UNEXPECTED'
      }
      expect(code).toBe('OUTBOX_WRITE_FAILED')
      expect(outbox.state().rows).toBe(0)
      expect(outbox.pending(10)).toEqual([])
    })
  })

  it('keeps decision order across waiting refusals and passes', () => {
    const outbox = openOutbox()
    const events = [refusal(), refusal(), passEvent(), refusal()]

    for (const event of events) outbox.record(event)

    expect(outbox.pending(10)).toEqual(events)
  })

  it('commits waiting refusals when stopped', () => {
    const outbox = openOutbox()
    const event = refusal()
    outbox.record(event)
    closeLast()

    expect(openOutbox().pending(10)).toEqual([event])
  })

  describe('after the store file was found corrupt', () => {
    it('salvages unsent records from the file moved aside', async () => {
      const events = [passEvent(), refusal(), passEvent()]
      const old = openOutbox()
      for (const event of events) old.record(event)
      closeLast()
      const aside = join(dir, 'gate.db.corrupt-1')
      await rename(join(dir, 'gate.db'), aside)

      const store = openTestStore(join(dir, 'gate.db'))
      const outbox = new Outbox({
        store: { db: store.db, quarantinedPath: aside },
        maxRows: 100,
        maxBytes: 1e6,
        alarmAtFraction: 0.8,
        logger,
      })
      outbox.start()

      expect(outbox.pending(10)).toEqual(events)
      expect(outbox.state().rows).toBe(3)
      outbox.stop()
      store.close()
    })

    it('starts empty when nothing can be read from it', async () => {
      const aside = join(dir, 'garbage.db')
      await writeFile(aside, randomBytes(8192))

      const store = openTestStore(join(dir, 'gate.db'))
      const outbox = new Outbox({
        store: { db: store.db, quarantinedPath: aside },
        maxRows: 100,
        maxBytes: 1e6,
        alarmAtFraction: 0.8,
        logger,
      })
      outbox.start()
      outbox.record(passEvent())

      expect(outbox.state().rows).toBe(1)
      outbox.stop()
      store.close()
    })
  })

  describe('when full', () => {
    it('drops the oldest refusals first and raises an alarm', () => {
      const outbox = openOutbox({ maxRows: 100 })
      const refusals = Array.from({ length: 50 }, () => refusal())
      const passes = Array.from({ length: 50 }, () => passEvent())
      for (let i = 0; i < 50; i++) {
        outbox.record(refusals[i] as PassEvent)
        outbox.record(passes[i] as PassEvent)
      }

      const late = passEvent()
      outbox.record(late)

      const kept = outbox.pending(200).map((event) => event.id)
      expect(kept).not.toContain(refusals[0]?.id)
      expect(kept).toContain(refusals[1]?.id)
      expect(kept).toEqual(expect.arrayContaining([...passes.map((event) => event.id), late.id]))
      expect(outbox.state()).toMatchObject({ rows: 100, droppedRefusals: 1 })
      expect(outbox.state().alarms).toEqual(['outbox-filling', 'outbox-dropped-refusals'])
    })

    it('never drops an unsent pass: a record that does not fit is refused', () => {
      const outbox = openOutbox({ maxRows: 100 })
      const passes = Array.from({ length: 100 }, () => passEvent())
      for (const event of passes) outbox.record(event)

      let thrown: unknown
      try {
        outbox.record(passEvent())
      } catch (err) {
        thrown = err
      }
      outbox.record(refusal())

      expect(isOutboxError(thrown, 'OUTBOX_FULL')).toBe(true)
      expect(outbox.pending(200).map((event) => event.id)).toEqual(passes.map((event) => event.id))
      expect(outbox.state()).toMatchObject({ rows: 100, refusedWhenFull: 2 })
      expect(outbox.state().alarms).toContain('outbox-full')
    })

    it('takes records again once uploads make room', () => {
      const outbox = openOutbox({ maxRows: 100 })
      const passes = Array.from({ length: 100 }, () => passEvent())
      for (const event of passes) outbox.record(event)
      expect(() => outbox.record(passEvent())).toThrow()

      outbox.markUploaded(passes.slice(0, 10).map((event) => event.id))
      outbox.record(passEvent())

      expect(outbox.state()).toMatchObject({ rows: 91 })
      expect(outbox.state().alarms).toEqual(['outbox-filling'])
    })

    it('holds to the byte limit as well as the row limit', () => {
      const outbox = openOutbox({ maxRows: 1_000, maxBytes: 20 * 200 })
      for (let i = 0; i < 25; i++) {
        try {
          outbox.record(passEvent())
        } catch (err) {
          if (!isOutboxError(err, 'OUTBOX_FULL')) throw err
        }
      }

      expect(outbox.state().bytes).toBeLessThanOrEqual(20 * 200)
      expect(outbox.state().rows).toBeLessThan(25)
    })

    it('counts what is on disk after a reopen', () => {
      const first = openOutbox()
      for (let i = 0; i < 7; i++) first.record(passEvent())
      const bytes = first.state().bytes
      closeLast()

      expect(openOutbox().state()).toMatchObject({ rows: 7, bytes })
    })
  })
})
