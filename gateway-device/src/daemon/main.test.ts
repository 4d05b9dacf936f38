// The command as an operator runs it: a bad config names the field; SIGTERM stops it cleanly.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../store/testing/temp-dir.ts'
import { EXIT_CONFIG } from './main.ts'

const BIN = fileURLToPath(new URL('../../bin/greengate-gate.ts', import.meta.url))
const CREDENTIAL = `gd_${'E'.repeat(43)}`

function config(dataDir: string, fifo: string, channel: unknown = 1): unknown {
  return {
    // Port 1 refuses at once: the gate starts offline, as it must be able to.
    edge: { url: 'http://127.0.0.1:1', credential: CREDENTIAL },
    dataDir,
    lanes: [
      { id: 1, sources: [{ type: 'lines', path: fifo }], relay: { driver: 'simulated', channel } },
    ],
    inputs: { fireAlarm: { driver: 'simulated' } },
    http: { port: 0 },
  }
}

describe('greengate-gate', () => {
  let dir: ReturnType<typeof tempDir>
  let child: ChildProcess | undefined

  beforeEach(() => {
    dir = tempDir('gate-main-')
  })
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL')
    dir.remove()
  })

  it('stops at start on a bad config, naming the field', () => {
    const path = join(dir.path, 'gate.json')
    writeFileSync(path, JSON.stringify(config(dir.path, 'x.fifo', 'one')))

    let status: number | null = null
    let stderr = ''
    try {
      execFileSync(process.execPath, ['--no-warnings', BIN, '--config', path], { stdio: 'pipe' })
    } catch (err) {
      const failed = err as { status: number | null; stderr: Buffer }
      status = failed.status
      stderr = failed.stderr.toString()
    }

    expect(status).toBe(EXIT_CONFIG)
    expect(stderr).toMatch(/^config error: lanes\.0\.relay\.channel: .*expected number/m)
  })

  it('runs until SIGTERM, then stops cleanly and exits 0', async () => {
    const fifo = join(dir.path, 'lane1.fifo')
    execFileSync('mkfifo', [fifo])
    const path = join(dir.path, 'gate.json')
    writeFileSync(path, JSON.stringify(config(dir.path, fifo)))

    child = spawn(process.execPath, ['--no-warnings', BIN, '--config', path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const messages: { msg: string; port?: number }[] = []
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      messages.push(JSON.parse(line))
    })
    const seen = async (msg: string) => {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const found = messages.find((m) => m.msg === msg)
        if (found) return found
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`the gate never logged "${msg}"`)
    }

    const listening = await seen('http server listening')
    await seen('gate running')
    writeFileSync(fifo, 'https://example.com\n')
    await seen('scan refused')
    const health = await fetch(`http://127.0.0.1:${listening.port}/health`)
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve))
    child.kill('SIGTERM')

    expect(health.status).toBe(200)
    expect(await exited).toBe(0)
    expect(messages.map((m) => m.msg)).toContain('gate stopped')
  })
})
