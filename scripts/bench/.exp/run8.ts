import { startBenchEdge } from '../edge/bench-edge.ts'
const t = performance.now()
const edge = await startBenchEdge()
console.log('started in', performance.now() - t, edge.url, edge.directUrl)
for (const u of [edge.url, edge.directUrl]) {
  if (!u) continue
  console.log(await (await fetch(u + '/health')).text())
  console.log(await (await fetch(u + '/__bench/sign-only')).text())
  console.log(await (await fetch(u + '/__bench/d1-counts')).text())
}
await edge.dispose()
