import { mkdtempSync } from 'node:fs'
import { frameToRelayBench } from '../gate/frame-to-relay.ts'
const scratch = mkdtempSync('/work/main/artifacts/bench-exp-')
const rows = await frameToRelayBench.run({
  quick: true,
  root: '/work/main',
  scratch,
  log: console.log,
})
for (const r of rows)
  console.log(r.path, '|', r.subject, '|', r.floor, '|', r.ratio?.toFixed(3), r.pass)
