import { randomBytes } from 'node:crypto'
import { startBenchEdge } from '../edge/bench-edge.ts'
import { loop, wrk } from '../edge/http-load.ts'
import { seedEdge } from '../edge/seed.ts'
const edge = await startBenchEdge()
const base = edge.directUrl!
const s = await seedEdge({
  url: edge.url,
  root: '/work/main',
  persistTo: edge.persistTo,
  people: 1,
})
let n = 0
const tag = randomBytes(4).toString('hex')
const ev = (k: number) =>
  Array.from({ length: k }, (_, i) => ({
    id: `${tag}-${n++}`,
    lane: 1,
    at: Date.now(),
    decision: 'pass',
    reason: 'OK',
    subject: 'BenchSubjct',
    jti: 'jti00001',
  }))
const post = async (p: string, b: unknown, h: Record<string, string> = {}) => {
  const r = await fetch(base + p, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: JSON.stringify(b),
  })
  if (!r.ok) throw new Error(await r.text())
  await r.text()
}
const auth = { authorization: `Bearer ${s.deviceCredential}` }
const variants: [string, () => Promise<void>][] = [
  [
    'subject 2x500',
    async () => {
      await post('/device/pass-events', { events: ev(500) }, auth)
      await post('/device/pass-events', { events: ev(500) }, auth)
    },
  ],
  [
    'raw 2x500',
    async () => {
      for (let i = 0; i < 2; i++)
        await post('/__bench/ingest-raw', {
          deviceId: s.deviceId,
          checkpointId: s.checkpointId,
          events: ev(500),
        })
    },
  ],
  [
    'raw 1x1000',
    async () => {
      await post('/__bench/ingest-raw', {
        deviceId: s.deviceId,
        checkpointId: s.checkpointId,
        events: ev(1000),
      })
    },
  ],
  [
    'subject 20x50',
    async () => {
      for (let i = 0; i < 20; i++) await post('/device/pass-events', { events: ev(50) }, auth)
    },
  ],
]
for (let r = 0; r < 2; r++)
  for (const [name, op] of variants) {
    const res = await loop(op, { seconds: 3, workers: 2 })
    console.log(name, (res.perSecond * 1000).toFixed(0), 'events/s', res.failures)
  }
const c = await wrk({ url: `${base}/__bench/d1-read` }, { seconds: 2, connections: 8 })
console.log('d1-read', c.perSecond)
const p = await wrk({ url: `${base}/__bench/plain` }, { seconds: 2, connections: 8 })
console.log('plain', p.perSecond)
await edge.dispose()
