// Gate: a burst of 1M new revocations arriving -> applied and enforced, vs fetching it alone.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { FeedEntry } from '@greengate/shared'
import type { Bench } from '../harness/bench.ts'
import { formatMs, round, type Row } from '../harness/row.ts'
import { summarize } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { createMinter } from './fixtures/code-minter.ts'
import { startFeedServer, type FeedServer } from './fixtures/feed-server.ts'
import { offlineBrain, randomIds, writeFilledStore } from './fixtures/gate-files.ts'

const BAR_MS = 5_000

export const revocationBurstBench: Bench = {
  id: 'gate.revocation-burst',
  async run({ quick, scratch, log }) {
    const cached = quick ? 200_000 : 1_000_000
    const size = quick ? 200_000 : 1_000_000
    const dir = join(scratch, 'burst')
    const template = join(dir, 'template.db')
    log(`revocation burst: a gate holding ${cached} revocations, ${size} new ones arriving`)
    await writeFilledStore(template, (cached * 4) / 5, cached / 5)

    // A mass colour change: 90% people revoked, 10% single codes, as the feed carries them.
    const now = Math.floor(Date.now() / 1000)
    const subjects = randomIds(size, 11)
    const jtis = randomIds(size / 10, 8)
    const burst = subjects.map((subject, i): FeedEntry => {
      const seq = cached + i + 1
      if (i % 10 !== 9)
        return { seq, at: now, kind: 'subject_revoked', subject, revokedThrough: now }
      const jti = jtis[Math.floor(i / 10)] as string
      return { seq, at: now, kind: 'code_revoked', jti, expiresAt: now + 180 }
    })
    const minter = await createMinter()
    const server = await startFeedServer({
      jwks: { iss: '330110', keys: [minter.jwk], retired: [] },
      baseSeq: cached,
      burst,
    })
    const last = subjects[size - 2] as string

    let trial = 0
    const settled: number[] = []
    const subject = async () => {
      const path = join(dir, `round-${trial++}`, 'gate.db')
      mkdirSync(join(path, '..'), { recursive: true })
      // The store and the revocation generation file beside it (gate.db.revocations-<n>).
      for (const name of readdirSync(dir)) {
        if (name === 'template.db' || name.startsWith('template.db.revocations-')) {
          copyFileSync(join(dir, name), `${path}${name.slice('template.db'.length)}`)
        }
      }
      server.setBurst(false)
      const brain = offlineBrain(path, { url: server.url, credential: server.credential })
      await brain.start()
      await brain.sync.syncNow()
      if (brain.revocations.revokedThrough(last) !== 0) throw new Error('burst known too early')

      // The burst is at the edge from now on; a push notice would nudge the gate like this.
      server.setBurst(true)
      const started = performance.now()
      await brain.sync.syncNow()
      const ms = performance.now() - started
      const enforced = brain.revocations.revokedThrough(last) === now
      const count = brain.revocations.counts
      await brain.revocations.flush()
      settled.push(performance.now() - started)
      await brain.stop()
      rmSync(join(path, '..'), { recursive: true, force: true })
      if (!enforced || count.subjects + count.codes < cached + size) {
        throw new Error(`burst not enforced: ${JSON.stringify(count)}`)
      }
      return [ms]
    }
    const floor = async () => {
      server.setBurst(true)
      const started = performance.now()
      await fetchOnly(server, cached)
      return [performance.now() - started]
    }
    try {
      const samples = await interleave({ subject, floor, rounds: quick ? 1 : 3, warmupRounds: 0 })
      const s = summarize(samples.subject)
      const f = summarize(samples.floor)
      const merged = summarize(settled)
      const label = `${round(size / 1_000_000)}M`
      return [
        {
          id: this.id,
          path: `gate: burst of ${label} new revocations, applied and enforced`,
          subject:
            `all enforced ${formatMs(s.median)} after arrival ` +
            `(merged ${formatMs(merged.median)})`,
          floor: `fetch only ${formatMs(f.median)}`,
          ratio: s.median / f.median,
          bar: 'enforced <= 5 s after arrival',
          pass: s.max <= BAR_MS,
          figures: { cached, burst: size, subjectMs: s, floorMs: f, settledMs: merged },
          note:
            'loopback stand-in edge with ready pages of 1000; the real FeedSync applies each ' +
            'page (zod check, SQLite delta row, in-memory table); merged = background merge done',
        } satisfies Row,
      ]
    } finally {
      await server.stop()
    }
  },
}

/** The same pages, fetched and parsed, nothing applied. */
async function fetchOnly(server: FeedServer, since: number): Promise<void> {
  let next = since
  for (;;) {
    const res = await fetch(`${server.url}/device/feed?since=${next}&limit=1000`, {
      headers: { authorization: `Bearer ${server.credential}` },
    })
    const page = (await res.json()) as { nextSince: number; hasMore: boolean }
    next = page.nextSince
    if (!page.hasMore) return
  }
}
