import { mkdtempSync } from 'node:fs'
import { revokeToRefuseBench } from '../edge/revoke-to-refuse.ts'
const scratch = mkdtempSync('/work/main/artifacts/bench-exp-')
const rows = await revokeToRefuseBench.run({
  quick: true,
  root: '/work/main',
  scratch,
  log: console.log,
})
for (const r of rows)
  console.log(r.path, '|', r.subject, '|', r.floor, '|', r.pass, JSON.stringify(r.figures))
