import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, errorOf } from '../helpers/resident.ts'
import { createStaff, type TestStaff } from '../helpers/staff.ts'
import { snapshotTables } from './db-snapshot.ts'
import {
  approvedPerson,
  checkpointWithGate,
  fetchCode,
  insertGreenPeople,
  uploadPasses,
  verifyAt,
  type Gate,
} from './fixtures.ts'

let admin: TestStaff
let reviewer: TestStaff

beforeAll(async () => {
  admin = await createStaff('admin')
  reviewer = await createStaff('reviewer')
})

const HOUR_MS = 3_600_000

function preview(body: unknown) {
  return api<{ people: number; changing: number }>('/admin/colour-changes/preview', {
    token: admin.token,
    body,
  })
}

function change(body: unknown) {
  return api<{ people: number; changed: number; codesRevoked: number }>('/admin/colour-changes', {
    token: admin.token,
    body,
  })
}

async function colours(ids: string[]): Promise<Record<string, string | null>> {
  // Read everyone and filter here: D1 binds at most 100 values per statement.
  const rows = await env.DB.prepare('SELECT id, colour FROM people').all<{
    id: string
    colour: string | null
  }>()
  const wanted = new Set(ids)
  return Object.fromEntries(
    rows.results.filter((row) => wanted.has(row.id)).map((row) => [row.id, row.colour]),
  )
}

describe('bulk colour change', () => {
  let gate: Gate
  let other: Gate
  const windowStart = Date.now() - 10 * HOUR_MS

  beforeAll(async () => {
    gate = await checkpointWithGate(admin, 'Wenyi Road Metro')
    other = await checkpointWithGate(admin, 'Somewhere else')
  })

  it('counts distinct people who passed there in the window, not refusals', async () => {
    const people = await insertGreenPeople(5)
    const [a, b, c, d, e] = people.map((p) => p.subject) as [string, string, string, string, string]
    await uploadPasses(gate, [
      { subject: a, at: windowStart + HOUR_MS },
      { subject: a, at: windowStart + 2 * HOUR_MS },
      { subject: b, at: windowStart + 3 * HOUR_MS },
      { subject: c, at: windowStart + 3 * HOUR_MS, decision: 'refuse' },
      { subject: d, at: windowStart - HOUR_MS },
    ])
    await uploadPasses(other, [{ subject: e, at: windowStart + HOUR_MS }])
    const from = Math.floor(windowStart / 1000)
    const to = from + 4 * 3600
    const res = await preview({ checkpointId: gate.checkpointId, from, to, colour: 'yellow' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ people: 2, changing: 2 })
  })

  it('turns who passed yellow, kills their codes at the gate, leaves others alone', async () => {
    const place = await checkpointWithGate(admin, 'Mall entrance')
    const passed = await approvedPerson(reviewer)
    const elsewhere = await approvedPerson(reviewer)
    const { code } = await fetchCode(passed)
    const { code: otherCode } = await fetchCode(elsewhere)
    const at = Date.now() - HOUR_MS
    await uploadPasses(place, [{ subject: passed.subject, at }])
    const from = Math.floor(at / 1000) - 60
    const to = Math.floor(at / 1000) + 60
    const seqBefore = await latestSeq()

    const res = await change({
      checkpointId: place.checkpointId,
      from,
      to,
      colour: 'yellow',
      confirm: true,
      reason: 'A confirmed case passed here in this window',
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ people: 1, changed: 1, codesRevoked: 1 })
    expect(await verifyAt(place, code)).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })
    expect(await verifyAt(place, otherCode)).toMatchObject({ decision: 'pass' })

    const seen = await api<{ colour: string }>(`/people/${passed.personId}`, {
      token: passed.resident.token,
    })
    expect(seen.body.colour).toBe('yellow')
    const entries = await env.DB.prepare(
      'SELECT kind, subject, colour FROM feed_entries WHERE seq > ?',
    )
      .bind(seqBefore)
      .all()
    expect(entries.results).toEqual([
      { kind: 'colour_changed', subject: passed.subject, colour: 'yellow' },
    ])
    const audit = await env.DB.prepare(
      "SELECT details FROM audit_log WHERE action = 'colour.bulk_change'",
    ).all<{ details: string }>()
    expect(audit.results.map((row) => JSON.parse(row.details))).toContainEqual(
      expect.objectContaining({
        checkpointId: place.checkpointId,
        colour: 'yellow',
        people: 1,
        changed: 1,
      }),
    )
  })

  it('changes hundreds of people in bounded batches, each with event and feed entry', async () => {
    const place = await checkpointWithGate(admin, 'Busy subway')
    const people = await insertGreenPeople(230)
    const at = Date.now() - 2 * HOUR_MS
    await uploadPasses(
      place,
      people.map((person, i) => ({ subject: person.subject, at: at + i })),
    )
    const from = Math.floor(at / 1000)
    const body = { checkpointId: place.checkpointId, from, to: from + 60, colour: 'red' }
    expect((await preview(body)).body).toEqual({ people: 230, changing: 230 })
    const seqBefore = await latestSeq()

    const res = await change({ ...body, confirm: true, reason: 'Cluster traced to this station' })
    expect(res.body).toEqual({ people: 230, changed: 230, codesRevoked: 230 })
    const stored = await colours(people.map((p) => p.id))
    expect(Object.keys(stored)).toHaveLength(230)
    expect(Object.values(stored).every((colour) => colour === 'red')).toBe(true)
    const feed = await env.DB.prepare(
      `SELECT count(DISTINCT subject) AS n FROM feed_entries
       WHERE seq > ? AND kind = 'colour_changed'`,
    )
      .bind(seqBefore)
      .first()
    expect(feed).toEqual({ n: 230 })
    const events = await env.DB.prepare(
      `SELECT count(*) AS n FROM status_events
       WHERE colour = 'red' AND reason = 'Cluster traced to this station'`,
    ).first()
    expect(events).toEqual({ n: 230 })

    // Running it again changes nobody: they are red already.
    const again = await change({ ...body, confirm: true, reason: 'Repeated by mistake' })
    expect(again.body).toEqual({ people: 230, changed: 0, codesRevoked: 0 })
  })

  it('turning people green again revokes nothing', async () => {
    const place = await checkpointWithGate(admin, 'Clinic')
    const people = await insertGreenPeople(3)
    await env.DB.prepare(`UPDATE people SET colour = 'yellow' WHERE id IN (?, ?)`)
      .bind(people[0]?.id, people[1]?.id)
      .run()
    const at = Date.now() - HOUR_MS
    await uploadPasses(
      place,
      people.map((person) => ({ subject: person.subject, at })),
    )
    const from = Math.floor(at / 1000)
    const seqBefore = await latestSeq()
    const res = await change({
      checkpointId: place.checkpointId,
      from,
      to: from,
      colour: 'green',
      confirm: true,
      reason: 'All clear',
    })
    expect(res.body).toEqual({ people: 3, changed: 2, codesRevoked: 0 })
    expect(await latestSeq()).toBe(seqBefore)
  })

  it('refuses bad windows, no confirmation and unknown checkpoints, storing nothing', async () => {
    const from = Math.floor(Date.now() / 1000) - 3600
    const valid = {
      checkpointId: gate.checkpointId,
      from,
      to: from + 60,
      colour: 'yellow',
      confirm: true,
      reason: 'x',
    }
    const before = await snapshotTables()
    const bodies = [
      { ...valid, confirm: false },
      { ...valid, confirm: 'yes' },
      { ...valid, reason: undefined },
      { ...valid, reason: '' },
      { ...valid, to: from - 1 },
      { ...valid, to: from + 32 * 86_400 },
      { ...valid, from: -1 },
      { ...valid, from: 1.5 },
      { ...valid, colour: 'purple' },
      { ...valid, checkpointId: '' },
      { ...valid, everyone: true },
    ]
    for (const body of bodies) {
      const res = await change(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    const { confirm: _c, reason: _r, ...previewBody } = valid
    expect((await preview({ ...previewBody, confirm: true })).status).toBe(400)
    expect((await preview({ ...previewBody, to: from - 5 })).status).toBe(400)
    for (const res of [
      await change({ ...valid, checkpointId: 'no-such-checkpoint' }),
      await preview({ ...previewBody, checkpointId: 'no-such-checkpoint' }),
    ]) {
      expect(res.status).toBe(404)
      expect(errorOf(res).code).toBe('NOT_FOUND')
    }
    expect(await snapshotTables()).toEqual(before)
  })
})

async function latestSeq(): Promise<number> {
  const row = await env.DB.prepare('SELECT coalesce(max(seq), 0) AS seq FROM feed_entries').first<{
    seq: number
  }>()
  return row?.seq ?? 0
}
