// Starts a throwaway Worker under `wrangler dev` on loopback, with its own D1 state
// and secrets in a temp folder: for end-to-end tests and benchmarks.
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OFFLINE_WRANGLER_ENV } from './dev-env.ts'
import { freePort } from './free-port.ts'
import { run, startProcess, waitForHttp } from './processes.ts'
import { generateSigningKey } from './signing-key.ts'
import { writeStaff, type IfExists, type StaffSeed } from './staff-sql.ts'

export interface LocalEdge {
  url: string
  /** Folder holding the D1 state and the env file. */
  dir: string
  /** Stops the Worker; the state stays until dispose(). */
  stop(): Promise<void>
  /** Starts it again on the same port with the same state. */
  restart(): Promise<void>
  dispose(): Promise<void>
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
/** Forwards SIGTERM to the wrangler it starts, which stops workerd. */
const wranglerBin = join(repoRoot, 'node_modules/wrangler/bin/wrangler.js')

export async function startLocalEdge(
  options: { logLevel?: string; vars?: Record<string, string> } = {},
): Promise<LocalEdge> {
  const dir = mkdtempSync(join(tmpdir(), 'gg-edge-'))
  const envFile = join(dir, 'edge.env')
  const secrets = {
    SIGNING_KEYS: `'${JSON.stringify([generateSigningKey()])}'`,
    DATA_KEY: randomBytes(32).toString('base64'),
    LOOKUP_KEY: randomBytes(32).toString('base64'),
    ...options.vars,
  }
  writeFileSync(
    envFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  )
  const persist = join(dir, 'state')
  const env = { ...OFFLINE_WRANGLER_ENV }
  await run(
    'npx',
    ['wrangler', 'd1', 'migrations', 'apply', 'greengate', '--local', '--persist-to', persist],
    {
      cwd: repoRoot,
      env,
    },
  )

  const port = await freePort()
  const inspectorPort = await freePort()
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null

  const start = async () => {
    child = startWranglerDev(
      'edge',
      port,
      [
        '--inspector-port',
        String(inspectorPort),
        '--persist-to',
        persist,
        '--env-file',
        envFile,
        '--log-level',
        options.logLevel ?? 'warn',
      ],
      { cwd: repoRoot, env, quiet: process.env.GG_EDGE_LOGS !== '1' },
    )
    await waitForHttp(`${url}/health`, 90_000)
  }
  const stop = async () => {
    const running = child
    child = null
    if (running === null || running.exitCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
      setTimeout(() => running.kill('SIGKILL'), 5_000).unref()
    })
  }

  await start()
  return {
    url,
    dir,
    stop,
    restart: start,
    dispose: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Writes staff accounts straight into the edge's D1, as a district makes its first admin, with
 * the Worker stopped meanwhile so only one process writes the database.
 */
export async function writeEdgeStaff(
  edge: LocalEdge,
  staff: readonly StaffSeed[],
  ifExists: IfExists,
): Promise<void> {
  await edge.stop()
  try {
    await writeStaff(
      {
        root: repoRoot,
        where: 'local',
        persistTo: join(edge.dir, 'state'),
        env: { ...OFFLINE_WRANGLER_ENV },
      },
      staff,
      ifExists,
    )
  } finally {
    await edge.restart()
  }
}

/**
 * `wrangler dev` on loopback at `port`, run through wrangler's own launcher rather than npx:
 * npx and its shell exit on SIGTERM without passing it on, which left wrangler and workerd
 * serving after a stop.
 */
export function startWranglerDev(
  label: string,
  port: number,
  extraArgs: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean },
): ChildProcess {
  return startProcess(
    label,
    process.execPath,
    [
      wranglerBin,
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      ...extraArgs,
      '--show-interactive-dev-session=false',
    ],
    options,
  )
}
