import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { approvedPerson, checkpointWithGate, insertGreenPeople, uploadPasses } from './fixtures.ts'

interface AuditPage {
  entries: {
    id: string
    at: number
    staffId: string
    staffUsername: string | null
    action: string
    targetId: string | null
  }[]
  nextCursor?: string
}

let admin: TestStaff

beforeAll(async () => {
  admin = await createStaff('admin')
})

describe('audit log', () => {
  it('records admin actions newest first with who did them, and pages without gaps', async () => {
    for (let i = 0; i < 5; i++) {
      await api('/admin/checkpoints', { token: admin.token, body: { name: `Audit gate ${i}` } })
    }
    const all: AuditPage['entries'] = []
    let cursor: string | undefined
    do {
      const res = await api<AuditPage>(
        `/admin/audit?limit=2${cursor === undefined ? '' : `&cursor=${cursor}`}`,
        {
          token: admin.token,
        },
      )
      expect(res.status).toBe(200)
      expect(res.body.entries.length).toBeLessThanOrEqual(2)
      all.push(...res.body.entries)
      cursor = res.body.nextCursor
    } while (cursor !== undefined)

    const total = await env.DB.prepare('SELECT count(*) AS n FROM audit_log').first<{ n: number }>()
    expect(all).toHaveLength(total?.n ?? -1)
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length)
    const times = all.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const creates = all.filter((e) => e.action === 'checkpoint.create')
    expect(creates).toHaveLength(5)
    expect(creates.every((e) => e.staffId === admin.id && e.staffUsername === admin.username)).toBe(
      true,
    )
  })

  it('refuses bad paging parameters', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=x',
      'cursor=abc',
      'cursor=1.a$b',
      'action=x',
    ]) {
      const res = await api(`/admin/audit?${query}`, { token: admin.token })
      expect(res.status, query).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('dashboard stats', () => {
  it('counts applications by status, passes per checkpoint-hour, refusals by reason', async () => {
    const reviewer = await createStaff('reviewer')
    await approvedPerson(reviewer)
    const gate = await checkpointWithGate(admin, 'Stats gate')
    const people = await insertGreenPeople(3)
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000
    await uploadPasses(gate, [
      { subject: people[0]?.subject ?? '', at: hourStart + 1000 },
      { subject: people[1]?.subject ?? '', at: hourStart + 2000 },
      { subject: people[2]?.subject ?? '', at: hourStart + 3_600_000 + 5 },
      { subject: people[2]?.subject ?? '', at: hourStart + 10, decision: 'refuse' },
      { subject: people[0]?.subject ?? '', at: Date.now() - 3 * 86_400_000 },
    ])
    const res = await api<{
      applications: Record<string, number>
      passesPerHour: {
        checkpointId: string
        checkpointName: string | null
        hour: number
        passes: number
      }[]
      refusals: { reason: string; count: number }[]
      devices: { enrolled: number; online: number }
    }>('/admin/stats', { token: admin.token })
    expect(res.status).toBe(200)
    expect(res.body.applications.approved).toBeGreaterThanOrEqual(1)
    const here = res.body.passesPerHour.filter((row) => row.checkpointId === gate.checkpointId)
    expect(here).toEqual([
      {
        checkpointId: gate.checkpointId,
        checkpointName: 'Stats gate',
        hour: hourStart / 1000,
        passes: 2,
      },
      {
        checkpointId: gate.checkpointId,
        checkpointName: 'Stats gate',
        hour: hourStart / 1000 + 3600,
        passes: 1,
      },
    ])
    expect(res.body.refusals).toContainEqual({ reason: 'CODE_EXPIRED', count: 1 })
    expect(res.body.devices.enrolled).toBeGreaterThanOrEqual(1)
  })
})
