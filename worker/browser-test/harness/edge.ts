// The Worker the pages talk to: a throwaway `wrangler dev` on loopback with its own D1,
// short-lived codes (so expiry and refresh happen within a test) and a first admin.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { OFFLINE_WRANGLER_ENV } from '../../../scripts/lib/dev-env.ts'
import { repoRoot, startLocalEdge, type LocalEdge } from '../../../scripts/lib/local-edge.ts'
import { writeStaff } from '../../../scripts/lib/staff-sql.ts'

/** Codes live 40 s here (3 minutes in production) and are refreshed 10 s before expiry. */
export const TEST_CODE_TTL_SECONDS = 40

export interface TestEdge {
  url: string
  admin: { username: string; password: string }
  dispose(): Promise<void>
}

export async function startTestEdge(): Promise<TestEdge> {
  const edge = await startLocalEdge({ vars: { CODE_TTL_SECONDS: String(TEST_CODE_TTL_SECONDS) } })
  const admin = {
    username: 'admin.browser',
    password: `pw-${randomBytes(12).toString('base64url')}`,
  }
  try {
    // The first admin is made the way a district makes theirs: straight into D1 with
    // wrangler (SQLite lets the running Worker and this write share the database file).
    await writeStaff(
      {
        root: repoRoot,
        where: 'local',
        persistTo: join(edge.dir, 'state'),
        env: { ...OFFLINE_WRANGLER_ENV },
      },
      [{ ...admin, displayName: '管理员 Admin', role: 'admin' }],
      'fail',
    )
  } catch (err) {
    await disposeEdge(edge)
    throw err
  }
  return { url: edge.url, admin, dispose: () => disposeEdge(edge) }
}

/**
 * Stops the edge, then, as a safety net, ends anything launched for it that outlived the stop
 * (wrangler and workerd once did, when only `npx` got the signal). Such a process names this
 * edge's own temporary folder on its command line, so it was started by this test and no one
 * else; it is ended by its id. Normally there is none.
 */
async function disposeEdge(edge: LocalEdge): Promise<void> {
  await edge.dispose()
  for (const pid of processesNaming(edge.dir)) {
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
}

function processesNaming(text: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}
