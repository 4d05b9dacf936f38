// Edge -> gate: an admin revokes a person on the real Worker; the real gate daemon refuses them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startLocalEdge } from '../../lib/local-edge.ts'
import type { Bench } from '../harness/bench.ts'
import { formatMs, type Row } from '../harness/row.ts'
import { summarize } from '../harness/stats.ts'
import { sleep } from '../harness/timing.ts'
import { startDaemon } from './gate-daemon.ts'
import { seedEdge } from './seed.ts'

const BAR_P99_MS = 2_000
/** Scans of the revoked code this far apart: the latency is known to within this. */
const PROBE_MS = 20

export const revokeToRefuseBench: Bench = {
  id: 'edge.revoke-to-refuse',
  async run({ quick, root, scratch, log }) {
    const trials = quick ? 5 : 30
    log(
      'revoke -> refuse: starting the Worker (wrangler dev, real wrangler.toml, --log-level warn)',
    )
    const edge = await startLocalEdge({ logLevel: 'warn' })
    try {
      const seeded = await seedEdge({
        url: edge.url,
        root,
        persistTo: join(edge.dir, 'state'),
        people: trials,
        antiPassbackSeconds: 0,
      })
      const config = (await (
        await fetch(`${edge.url}/device/config`, {
          headers: { authorization: `Bearer ${seeded.deviceCredential}` },
        })
      ).json()) as { feed: { pollSeconds: number } }
      log(`revoke -> refuse: starting the gate daemon; ${trials} people to revoke`)
      const gate = await startDaemon({
        dir: join(scratch, 'revoke-gate'),
        edgeUrl: edge.url,
        credential: seeded.deviceCredential,
      })
      try {
        await waitForReady(gate.statusUrl)
        const rtt = await roundTrips(edge.url)
        const latencies: number[] = []
        for (const personId of seeded.personIds) {
          const issued = await seeded.client.get<{ qrText: string }>(
            `/people/${personId}/code`,
            seeded.residentToken,
          )
          // The code passes first: the lane, the cache and the keys all work.
          const passed = gate.next((r) => r.reason === 'OK', 5_000)
          await gate.scan(issued.qrText)
          await passed
          await sleep(200 + Math.random() * 800)

          const refused = gate.next((r) => r.reason === 'CODE_REVOKED', 40_000)
          const started = performance.now()
          await seeded.client.post(
            `/admin/people/${personId}/revoke`,
            { reason: 'bench' },
            seeded.adminToken,
          )
          let done = false
          void refused.finally(() => (done = true)).catch(() => undefined)
          while (!done) {
            await gate.scan(issued.qrText)
            await sleep(PROBE_MS)
          }
          latencies.push((await refused).seenAt - started)
        }
        const s = summarize(latencies)
        // Each time the push channel dropped (a Worker restart drops every WebSocket), the
        // gate reconnects after a backoff of about a second and reads the feed on open.
        const log = readFileSync(gate.logPath, 'utf8')
        const pushDrops = log.split('\n').filter((l) => l.includes('push channel closed')).length
        const row: Row = {
          id: this.id,
          path: 'edge -> gate: admin revokes -> gate refuses',
          subject: `p50 ${formatMs(s.median)}, p99 ${formatMs(s.p99)} (${latencies.length} people)`,
          floor: `loopback round trip ${formatMs(rtt)}`,
          ratio: null,
          bar: `p99 <= 2 s; polls every ${config.feed.pollSeconds} s`,
          pass: s.p99 <= BAR_P99_MS && config.feed.pollSeconds >= 30,
          figures: {
            latencyMs: s,
            samples: latencies,
            roundTripMs: rtt,
            pollSeconds: config.feed.pollSeconds,
            pushDrops,
          },
          note:
            `POST revoke sent -> CODE_REVOKED on the lane's screen events; the code is scanned ` +
            `every ${PROBE_MS} ms meanwhile; gate daemon with default sync timings (30 s poll) ` +
            `and push; push channel dropped ${pushDrops} times during the run`,
        }
        return [row]
      } finally {
        await gate.stop()
      }
    } finally {
      await edge.dispose()
    }
  },
}

/** Until the gate has a cache (snapshot taken) and its push channel is open. */
async function waitForReady(statusUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const status = (await (await fetch(statusUrl)).json()) as {
        sync?: { cacheState?: string; pushConnected?: boolean }
      }
      if (status.sync?.cacheState === 'ready' && status.sync.pushConnected === true) return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('the gate never became ready (cache and push)')
    await sleep(200)
  }
}

/** Median of 20 GET /health round trips. */
async function roundTrips(url: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    await (await fetch(`${url}/health`)).text()
    times.push(performance.now() - started)
  }
  return summarize(times).median
}
