// The real gate daemon as a child process: a FIFO lane, a simulated relay, its screen events.
import { spawn, type ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { open, type FileHandle } from 'node:fs/promises'
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../lib/free-port.ts'

export interface LaneResult {
  verdict: string
  reason: string
  /** performance.now() when the event reached us. */
  seenAt: number
}

export interface DaemonRig {
  statusUrl: string
  /** The daemon's own log (pino JSON lines, warn and above). */
  logPath: string
  /** Writes one scanned line to the lane. */
  scan(text: string): Promise<void>
  /** Resolves with the first lane result that `wanted` accepts, or rejects after `timeoutMs`. */
  next(wanted: (result: LaneResult) => boolean, timeoutMs: number): Promise<LaneResult>
  stop(): Promise<void>
}

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** Starts `greengate-gate --config` against `edgeUrl`, with default sync timings. */
export async function startDaemon(options: {
  dir: string
  edgeUrl: string
  credential: string
}): Promise<DaemonRig> {
  const { dir } = options
  mkdirSync(dir, { recursive: true })
  const fifo = join(dir, 'scan.fifo')
  execFileSync('mkfifo', ['-m', '600', fifo])
  const credentialFile = join(dir, 'credential')
  writeFileSync(credentialFile, `${options.credential}\n`, { mode: 0o600 })
  const port = await freePort()
  const config = {
    edge: { url: options.edgeUrl, credentialFile },
    dataDir: join(dir, 'data'),
    verification: { skewSeconds: 30, maxStalenessSeconds: 900, offlineMode: 'refuse' },
    lanes: [
      {
        id: 1,
        group: 'bench',
        sources: [{ type: 'lines', path: fifo }],
        relay: { driver: 'simulated', channel: 1, pulseMs: 50, deadlineMs: 1000 },
        feedback: ['screen'],
      },
    ],
    inputs: { fireAlarm: { driver: 'simulated' } },
    http: { host: '127.0.0.1', port },
    heartbeat: { intervalSeconds: 30 },
    log: { level: 'warn' },
  }
  const configPath = join(dir, 'gate.json')
  writeFileSync(configPath, JSON.stringify(config, null, 2))
  const logPath = join(dir, 'gate.log')
  const logFd = openSync(logPath, 'w')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      join(root, 'gateway-device/bin/greengate-gate.ts'),
      '--config',
      configPath,
    ],
    { cwd: root, stdio: ['ignore', logFd, 'inherit'] },
  )
  closeSync(logFd)
  const statusUrl = `http://127.0.0.1:${port}/status`
  const writer: FileHandle = await open(fifo, 'w')
  const events = await subscribe(`http://127.0.0.1:${port}/screen/events?lane=1`)
  return {
    statusUrl,
    logPath,
    scan: async (text) => {
      await writer.write(`${text}\n`)
    },
    next: events.next,
    stop: async () => {
      events.close()
      await writer.close()
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Follows the lane's server-sent events; retries the connection until the gate listens. */
async function subscribe(url: string) {
  const controller = new AbortController()
  const deadline = Date.now() + 30_000
  let response: Response | undefined
  while (response === undefined) {
    try {
      response = await fetch(url, { signal: controller.signal })
    } catch {
      if (Date.now() > deadline) throw new Error('the gate daemon did not start listening')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  const waiters = new Set<{
    wanted: (r: LaneResult) => boolean
    resolve: (r: LaneResult) => void
  }>()
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  void (async () => {
    let buffered = ''
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) return
      const seenAt = performance.now()
      buffered += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end)
        buffered = buffered.slice(end + 2)
        if (!message.startsWith('event: result')) continue
        const data = JSON.parse(message.slice(message.indexOf('data: ') + 6)) as LaneResult
        const result = { verdict: data.verdict, reason: data.reason, seenAt }
        for (const waiter of waiters) {
          if (!waiter.wanted(result)) continue
          waiters.delete(waiter)
          waiter.resolve(result)
        }
      }
    }
  })()
  return {
    next: (wanted: (r: LaneResult) => boolean, timeoutMs: number) =>
      new Promise<LaneResult>((resolve, reject) => {
        const waiter = { wanted, resolve: (r: LaneResult) => (clearTimeout(timer), resolve(r)) }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no such lane result within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(waiter)
      }),
    close: () => controller.abort(),
  }
}
