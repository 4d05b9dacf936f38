// The Worker the pages talk to: a throwaway `wrangler dev` on loopback with its own D1,
// short-lived codes (so expiry and refresh happen within a test) and a first admin.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { OFFLINE_WRANGLER_ENV } from '../../../scripts/lib/dev-env.ts'
import { repoRoot, startLocalEdge, type LocalEdge } from '../../../scripts/lib/local-edge.ts'
import { writeStaff } from '../../../scripts/lib/staff-sql.ts'

/** Codes live 40 s here (3 minutes in production) and are refreshed 10 s before expiry. */
export const TEST_CODE_TTL_SECONDS = 40

export interface TestEdge {
  edge: LocalEdge
  url: string
  admin: { username: string; password: string }
}

export async function startTestEdge(): Promise<TestEdge> {
  const edge = await startLocalEdge({ vars: { CODE_TTL_SECONDS: String(TEST_CODE_TTL_SECONDS) } })
  const admin = { username: 'admin.browser', password: `pw-${randomBytes(12).toString('base64url')}` }
  // The first admin is made the way a district makes theirs: straight into D1, with the
  // Worker stopped so that only one process writes the database.
  await edge.stop()
  await writeStaff(
    { root: repoRoot, where: 'local', persistTo: join(edge.dir, 'state'), env: { ...OFFLINE_WRANGLER_ENV } },
    [{ ...admin, displayName: '管理员 Admin', role: 'admin' }],
    'fail',
  )
  await edge.restart()
  return { edge, url: edge.url, admin }
}
