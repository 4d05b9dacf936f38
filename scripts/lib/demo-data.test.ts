import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, ensureDemoData, type DemoAdmin } from './demo-data.ts'
import { startLocalEdge, writeEdgeStaff, type LocalEdge } from './local-edge.ts'

describe('the demo data of npm start', () => {
  let edge: LocalEdge
  let localDir: string
  const admin: DemoAdmin = { username: 'admin', password: 'demo-test-password-1' }

  beforeAll(async () => {
    edge = await startLocalEdge()
    localDir = mkdtempSync(join(tmpdir(), 'gg-demo-'))
    // The admin goes straight into D1, as `npm start` writes it.
    await writeEdgeStaff(edge, [{ ...admin, displayName: '演示管理员', role: 'admin' }], 'replace')
  }, 120_000)

  afterAll(async () => {
    await edge.dispose()
    rmSync(localDir, { recursive: true, force: true })
  })

  it('enrols a gate and approves the demo resident green, then reuses them on the next start', async () => {
    const demo = await ensureDemoData(edge.url, localDir, admin)

    // Looked up as the admin: the resident's sign-in is rate-limited to one code a minute.
    const client = new ApiClient(edge.url)
    const adminToken = (await client.post<{ token: string }>('/staff/login', admin)).token
    const { person } = await client.get<{ person: { status: string; colour: string | null } }>(
      `/admin/people/${demo.resident.personId}`,
      adminToken,
    )
    expect(person).toMatchObject({ status: 'approved', colour: 'green' })
    const config = await fetch(`${edge.url}/device/config`, {
      headers: { authorization: `Bearer ${demo.deviceCredential}` },
    })
    expect(config.status).toBe(200)
    const reviewerLogin = await client.post<{ token: string }>('/staff/login', demo.reviewer)
    expect(reviewerLogin.token).toEqual(expect.any(String))

    expect(await ensureDemoData(edge.url, localDir, admin)).toEqual(demo)
  }, 60_000)
})
