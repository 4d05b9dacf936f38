import { mkdtempSync } from 'node:fs'
import { revocationBurstBench } from '../gate/revocation-burst.ts'
const scratch = mkdtempSync('/work/main/artifacts/bench-exp-')
const rows = await revocationBurstBench.run({
  quick: process.argv[2] === 'quick',
  root: '/work/main',
  scratch,
  log: console.log,
})
for (const r of rows)
  console.log(r.path, '|', r.subject, '|', r.floor, '|', r.ratio?.toFixed(3), r.pass)
