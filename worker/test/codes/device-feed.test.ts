// The revocation feed as a gate reads it: deltas since N, and the folded snapshot.
import { randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { now, seedGate, type SeededDevice } from '../helpers/codes.ts'
import { api, errorOf } from '../helpers/resident.ts'

interface FeedPage {
  entries: {
    seq: number
    kind: string
    subject?: string
    jti?: string
    kid?: string
    revokedThrough?: number
  }[]
  nextSince: number
  hasMore: boolean
  latestSeq: number
}

interface SnapshotPage {
  asOfSeq: number
  subjects: { subject: string; revokedThrough: number }[]
  codes: { jti: string; expiresAt: number }[]
  retiredKids: string[]
  nextCursor?: string
}

let gate: SeededDevice

async function append(sql: string, ...values: unknown[]) {
  await env.DB.prepare(sql)
    .bind(...values)
    .run()
}

const revokeSubject = (subject: string, through: number) =>
  append(
    "INSERT INTO feed_entries (at, kind, subject, revoked_through) VALUES (?, 'subject_revoked', ?, ?)",
    now(),
    subject,
    through,
  )
const changeColour = (subject: string, colour: string, through: number) =>
  append(
    "INSERT INTO feed_entries (at, kind, subject, colour, revoked_through) VALUES (?, 'colour_changed', ?, ?, ?)",
    now(),
    subject,
    colour,
    through,
  )
const revokeCode = (jti: string, expiresAt: number) =>
  append(
    "INSERT INTO feed_entries (at, kind, jti, expires_at) VALUES (?, 'code_revoked', ?, ?)",
    now(),
    jti,
    expiresAt,
  )

async function readAll(path: (cursor?: string) => string): Promise<SnapshotPage[]> {
  const pages: SnapshotPage[] = []
  let cursor: string | undefined
  do {
    const res = await api<SnapshotPage>(path(cursor), { token: gate.credential })
    expect(res.status).toBe(200)
    pages.push(res.body)
    cursor = res.body.nextCursor
  } while (cursor !== undefined && pages.length < 50)
  return pages
}

beforeAll(async () => {
  gate = await seedGate()
})

describe('GET /device/feed', () => {
  it('pages entries after since, oldest first, with the latest seq', async () => {
    const t = now()
    const subjects = Array.from({ length: 5 }, () => randomId(11))
    for (const subject of subjects) await revokeSubject(subject, t)

    const all = await api<FeedPage>('/device/feed?since=0', { token: gate.credential })
    const latest = all.body.latestSeq
    const first = await api<FeedPage>('/device/feed?since=0&limit=2', { token: gate.credential })
    expect(first.body.entries).toHaveLength(2)
    expect(first.body.hasMore).toBe(true)
    expect(first.body.latestSeq).toBe(latest)

    const seen: number[] = []
    let since = 0
    for (let hasMore = true; hasMore;) {
      const page = await api<FeedPage>(`/device/feed?since=${since}&limit=2`, {
        token: gate.credential,
      })
      seen.push(...page.body.entries.map((e) => e.seq))
      since = page.body.nextSince
      hasMore = page.body.hasMore
    }
    expect(seen).toEqual(all.body.entries.map((e) => e.seq))
    expect(since).toBe(latest)
    expect(all.body.entries.slice(-5)).toEqual(
      subjects.map((subject) =>
        expect.objectContaining({ kind: 'subject_revoked', subject, revokedThrough: t }),
      ),
    )

    const caughtUp = await api<FeedPage>(`/device/feed?since=${latest}`, { token: gate.credential })
    expect(caughtUp.body).toEqual({
      entries: [],
      nextSince: latest,
      hasMore: false,
      latestSeq: latest,
    })
  })

  it('refuses bad paging parameters and non-device callers', async () => {
    for (const query of ['since=-1', 'since=abc', 'limit=0', 'limit=1001', 'since=1&other=2']) {
      const res = await api(`/device/feed?${query}`, { token: gate.credential })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    expect((await api('/device/feed')).status).toBe(401)
  })
})

describe('GET /device/feed/snapshot', () => {
  it('folds the feed: latest revocation per subject, live revoked codes, retired kids', async () => {
    const t = now()
    const twice = randomId(11)
    const coloured = randomId(11)
    const old = randomId(11)
    await revokeSubject(twice, t - 100)
    await revokeSubject(twice, t - 10)
    await changeColour(coloured, 'red', t - 5)
    // Revoked so long ago that every code it could kill has expired.
    await revokeSubject(old, t - 200 * 86_400)
    const live = randomId(8)
    const dead = randomId(8)
    await revokeCode(live, t + 600)
    await revokeCode(dead, t - 600)
    await env.DB.prepare(
      "INSERT INTO signing_keys (kid, public_jwk, state, created_at, retired_at) VALUES ('gone', '{}', 'retired', ?, ?)",
    )
      .bind(t, t)
      .run()

    const [page] = await readAll(() => '/device/feed/snapshot')
    const subjects = new Map(page?.subjects.map((s) => [s.subject, s.revokedThrough]))
    expect(subjects.get(twice)).toBe(t - 10)
    expect(subjects.get(coloured)).toBe(t - 5)
    expect(subjects.has(old)).toBe(false)
    const codes = new Map(page?.codes.map((c) => [c.jti, c.expiresAt]))
    expect(codes.get(live)).toBe(t + 600)
    expect(codes.has(dead)).toBe(false)
    expect(page?.retiredKids).toEqual(['gone'])
    expect(page?.asOfSeq).toBe(
      (await api<FeedPage>('/device/feed', { token: gate.credential })).body.latestSeq,
    )
  })

  it('pages subjects then codes, all as of the first page, whatever is appended meanwhile', async () => {
    const t = now()
    for (let i = 0; i < 7; i++) await revokeSubject(randomId(11), t)
    for (let i = 0; i < 5; i++) await revokeCode(randomId(8), t + 600)
    const whole = (await readAll(() => '/device/feed/snapshot?limit=5000'))[0]

    const first = await api<SnapshotPage>('/device/feed/snapshot?limit=3', {
      token: gate.credential,
    })
    // Appended after the first page: must not appear in later pages of this snapshot.
    const late = randomId(11)
    await revokeSubject(late, t)
    const rest = await readAll((cursor) =>
      cursor === undefined
        ? `/device/feed/snapshot?limit=3&cursor=${first.body.nextCursor}`
        : `/device/feed/snapshot?limit=3&cursor=${cursor}`,
    )
    const pages = [first.body, ...rest]
    expect(pages.length).toBeGreaterThan(2)
    expect(pages.every((p) => p.subjects.length <= 3 && p.codes.length <= 3)).toBe(true)
    expect(pages.every((p) => p.asOfSeq === first.body.asOfSeq)).toBe(true)
    expect(pages.slice(1).every((p) => p.retiredKids.length === 0)).toBe(true)

    const subjects = pages.flatMap((p) => p.subjects.map((s) => s.subject))
    const codes = pages.flatMap((p) => p.codes.map((c) => c.jti))
    expect(subjects).toEqual(whole?.subjects.map((s) => s.subject))
    expect(codes).toEqual(whole?.codes.map((c) => c.jti))
    expect(subjects).not.toContain(late)
    expect(pages.at(-1)?.nextCursor).toBeUndefined()
  })

  it('refuses a cursor it did not give', async () => {
    for (const cursor of ['abc', '1.x.abc', '1.s.a b', `1.s.${'a'.repeat(40)}`]) {
      const res = await api(`/device/feed/snapshot?cursor=${encodeURIComponent(cursor)}`, {
        token: gate.credential,
      })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
  })
})
