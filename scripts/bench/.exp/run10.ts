import { startBenchEdge } from '../edge/bench-edge.ts'
import { wrk } from '../edge/http-load.ts'
const edge = await startBenchEdge()
const base = edge.directUrl!
for (const p of ['/__bench/plain', '/health', '/__bench/sign-only', '/__bench/plain']) {
  for (const c of [1, 8]) {
    const r = await wrk({ url: base + p }, { seconds: 2, connections: c })
    console.log(p, 'c', c, r.perSecond, r.p50Ms)
  }
}
const r = await wrk({ url: edge.url + '/__bench/plain' }, { seconds: 2, connections: 8 })
console.log('proxy plain', r.perSecond)
await edge.dispose()
