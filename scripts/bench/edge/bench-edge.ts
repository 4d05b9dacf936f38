// Starts the bench Worker under `wrangler dev` on loopback, with its own config and D1 state.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { OFFLINE_WRANGLER_ENV } from '../../lib/dev-env.ts'
import { freePort } from '../../lib/free-port.ts'
import { run, waitForHttp } from '../../lib/processes.ts'
import { generateSigningKey } from '../../lib/signing-key.ts'

export interface BenchEdge {
  /** Through wrangler's dev proxy, as `npm start` serves it. */
  url: string
  /** workerd's own socket, behind the proxy; undefined if it could not be found. */
  directUrl: string | undefined
  /**
   * Waits out a restart (wrangler dev rebuilds the Worker when a source file changes, and
   * workerd comes back on another port), then finds workerd's socket again.
   */
  rediscover(): Promise<string | undefined>
  /** Folder of the config, secrets and D1 state. */
  dir: string
  persistTo: string
  dispose(): Promise<void>
}

const root = fileURLToPath(new URL('../../..', import.meta.url))
const here = fileURLToPath(new URL('.', import.meta.url))

/** Writes the bench Worker's wrangler config, applies the migrations, starts wrangler dev. */
export async function startBenchEdge(options: { logLevel?: string } = {}): Promise<BenchEdge> {
  const dir = mkdtempSync(join(tmpdir(), 'gg-bench-edge-'))
  const config = join(dir, 'wrangler.toml')
  writeFileSync(config, benchConfig())
  const envFile = join(dir, 'edge.env')
  const secrets = {
    // A JSON value must be single-quoted in an env file, or every request answers 500.
    SIGNING_KEYS: `'${JSON.stringify([generateSigningKey()])}'`,
    DATA_KEY: randomBytes(32).toString('base64'),
    LOOKUP_KEY: randomBytes(32).toString('base64'),
  }
  const lines = Object.entries(secrets).map(([name, value]) => `${name}=${value}`)
  writeFileSync(envFile, `${lines.join('\n')}\n`)
  const persistTo = join(dir, 'state')
  const env = { ...OFFLINE_WRANGLER_ENV }
  const apply = ['wrangler', 'd1', 'migrations', 'apply', 'greengate', '--local']
  await run('npx', [...apply, '--persist-to', persistTo, '--config', config], { cwd: root, env })

  const port = await freePort()
  const inspectorPort = await freePort()
  // Its own process group: npx, wrangler and workerd are stopped together, none orphaned.
  const child: ChildProcess = spawn(
    'npx',
    [
      ...['wrangler', 'dev', '--config', config, '--local', '--ip', '127.0.0.1'],
      ...['--port', String(port), '--inspector-port', String(inspectorPort)],
      ...['--persist-to', persistTo, '--env-file', envFile],
      ...['--log-level', options.logLevel ?? 'warn', '--show-interactive-dev-session=false'],
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      detached: true,
      // GG_EDGE_LOGS=1 shows wrangler's output, as for scripts/lib/local-edge.ts.
      stdio: process.env.GG_EDGE_LOGS === '1' ? ['ignore', 'inherit', 'inherit'] : 'ignore',
    },
  )
  const url = `http://127.0.0.1:${port}`
  const dispose = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      signalGroup(child.pid, 'SIGTERM')
      const kill = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), 5_000)
      await exited
      clearTimeout(kill)
      // workerd may outlive npx by a moment: make sure nothing of the group is left.
      signalGroup(child.pid, 'SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForHttp(`${url}/health`, 90_000)
    const find = () => findDirectSocket(child.pid, [port, inspectorPort])
    const edge: BenchEdge = {
      url,
      directUrl: await find(),
      dir,
      persistTo,
      dispose,
      rediscover: async () => {
        await waitForHttp(`${url}/health`, 90_000)
        edge.directUrl = await find()
        return edge.directUrl
      },
    }
    return edge
  } catch (err) {
    await dispose()
    throw err
  }
}

/** The root wrangler.toml with the bench Worker as `main` and every path made absolute. */
function benchConfig(): string {
  const original = readFileSync(join(root, 'wrangler.toml'), 'utf8')
  const replaced = original
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(here, 'bench-worker.ts'))}`)
    .replace(
      /^migrations_dir = .*$/m,
      `migrations_dir = ${JSON.stringify(join(root, 'migrations'))}`,
    )
    .replace(/^directory = .*$/m, `directory = ${JSON.stringify(join(root, 'worker/dist/web'))}`)
  if (replaced === original)
    throw new Error('wrangler.toml has changed shape: update bench-edge.ts')
  const alias = JSON.stringify(join(root, 'worker/src/index.ts'))
  return `${replaced}\n[alias]\n"greengate-real-worker" = ${alias}\n`
}

/**
 * wrangler dev answers through a proxy in front of workerd. workerd's own entry socket is the
 * one loopback port among the tree's listeners that is neither ours nor the inspector's and
 * that answers /health itself.
 */
async function findDirectSocket(
  pid: number | undefined,
  known: number[],
): Promise<string | undefined> {
  if (pid === undefined) return undefined
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH'])
  const tree = await processTree(pid)
  const ports = stdout
    .split('\n')
    .filter((line) => [...tree].some((p) => line.includes(`pid=${p},`)))
    .map((line) => Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]))
    .filter((p) => Number.isInteger(p) && p > 0 && !known.includes(p))
  for (const port of ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, {
        signal: AbortSignal.timeout(2_000),
      })
      if (res.ok && (await res.text()).includes('"ok":true')) return `http://127.0.0.1:${port}`
    } catch {
      // Not an HTTP socket of the Worker.
    }
  }
  return undefined
}

async function processTree(pid: number): Promise<Set<number>> {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-o', 'pid=,ppid='])
  const children = new Map<number, number[]>()
  for (const line of stdout.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number]
    children.set(parent, [...(children.get(parent) ?? []), child])
  }
  const tree = new Set<number>([pid])
  for (const p of tree) for (const c of children.get(p) ?? []) tree.add(c)
  return tree
}

/** Signals every process of the group `pid` leads; a group already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // No such group: everything has exited.
  }
}
