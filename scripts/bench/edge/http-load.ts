// HTTP load on loopback: wrk for request rates, and a bounded Node loop for heavy uploads.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface WrkResult {
  requests: number
  perSecond: number
  /** Latency percentiles in ms, as wrk reports them. */
  p50Ms: number
  p99Ms: number
  /** Non-2xx answers plus socket errors: must be 0 for a valid round. */
  failures: number
}

export interface WrkRequest {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

/** Runs wrk against `request` for `seconds` with `connections` on one thread. */
export async function wrk(
  request: WrkRequest,
  options: { seconds: number; connections: number },
): Promise<WrkResult> {
  // Method, headers and body go through a Lua script: wrk's own flags cannot set a body.
  const dir = mkdtempSync(join(tmpdir(), 'gg-wrk-'))
  const script = join(dir, 'request.lua')
  const lines = [`wrk.method = ${JSON.stringify(request.method ?? 'GET')}`]
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    lines.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
  }
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`)
  writeFileSync(script, `${lines.join('\n')}\n`)
  try {
    const args = [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--latency',
      '-s',
      script,
    ]
    const { stdout } = await run('wrk', [...args, request.url], {
      timeout: (options.seconds + 30) * 1000,
    })
    return parseWrk(stdout)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Reads wrk's report; exported for a look in tests or at the console. */
export function parseWrk(stdout: string): WrkResult {
  const number = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN)
  const requests = number(/(\d+) requests in/)
  const perSecond = number(/Requests\/sec:\s+([\d.]+)/)
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0)
  if (!Number.isFinite(requests) || !Number.isFinite(perSecond)) {
    throw new Error(`unreadable wrk output:\n${stdout}`)
  }
  return {
    requests,
    perSecond,
    p50Ms: latencyMs(stdout, '50%'),
    p99Ms: latencyMs(stdout, '99%'),
    failures: (Number.isFinite(non2xx) ? non2xx : 0) + socketErrors,
  }
}

function latencyMs(stdout: string, label: string): number {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(stdout)
  if (match === null) return Number.NaN
  const value = Number(match[1])
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value
}

function luaString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`
}

export interface LoopResult {
  operations: number
  seconds: number
  perSecond: number
  failures: number
  /** The first failure's status and body, to say why. */
  firstFailure?: string
}

/**
 * Runs `operation` from `workers` concurrent loops for `seconds` (each operation is awaited;
 * none starts after the time is up). For operations too heavy for wrk's fixed body.
 */
export async function loop(
  operation: () => Promise<void>,
  options: { seconds: number; workers: number },
): Promise<LoopResult> {
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  let operations = 0
  let failures = 0
  let firstFailure: string | undefined
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (performance.now() < deadline) {
        try {
          await operation()
          operations++
        } catch (err) {
          failures++
          firstFailure ??= err instanceof Error ? err.message : String(err)
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return {
    operations,
    seconds,
    perSecond: operations / seconds,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  }
}
