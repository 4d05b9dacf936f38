// The FIFO side of the line source: writers that come and go, and paths that are wrong.
import { execFileSync } from 'node:child_process'
import { constants, openSync, writeFileSync, closeSync, writeSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { waitUntil } from '../../test/peers/wait-until.ts'
import { LineSource } from './line-source.ts'
import type { Scan } from './scan-source.ts'

const logger = pino({ level: 'silent' })
let dir: string
let source: LineSource | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greengate-fifo-'))
})

afterEach(async () => {
  await source?.stop()
  source = undefined
  await rm(dir, { recursive: true, force: true })
})

/** Opens the FIFO for one writer, writes, and closes it again, as `echo code > fifo` would. */
function writeOnce(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)
  writeSync(fd, text)
  closeSync(fd)
}

test('keeps reading as one writer after another opens and closes the FIFO', async () => {
  const path = join(dir, 'scans')
  execFileSync('mkfifo', [path])
  const scans: Scan[] = []
  source = new LineSource({ path, lane: 2, logger })
  await source.start((scan) => scans.push(scan))

  writeOnce(path, 'first\n')
  await waitUntil(() => scans.length === 1, "the first writer's line")
  writeOnce(path, 'second\n')

  await waitUntil(() => scans.length === 2, "the second writer's line")
  expect(scans.map((scan) => [scan.text, scan.source])).toEqual([
    ['first', `fifo:${path}`],
    ['second', `fifo:${path}`],
  ])
})

test('fails to start with SCANNER_SOURCE_MISSING when the FIFO does not exist', async () => {
  source = new LineSource({ path: join(dir, 'absent'), lane: 1, logger })

  await expect(source.start(() => undefined)).rejects.toMatchObject({
    code: 'SCANNER_SOURCE_MISSING',
  })
})

test('fails to start with SCANNER_CONFIG_INVALID when the path is a plain file', async () => {
  const path = join(dir, 'plain')
  writeFileSync(path, 'not a pipe\n')
  source = new LineSource({ path, lane: 1, logger })

  await expect(source.start(() => undefined)).rejects.toMatchObject({
    code: 'SCANNER_CONFIG_INVALID',
    message: expect.stringContaining('mkfifo'),
  })
})
