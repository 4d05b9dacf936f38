import { lanesPerBoxBench } from '../gate/lanes-per-box.ts'
const rows = await lanesPerBoxBench.run({
  quick: true,
  root: '/work/main',
  scratch: '/tmp',
  log: console.log,
})
for (const r of rows)
  console.log(r.path, '|', r.subject, '|', r.floor, '|', r.ratio?.toFixed(3), r.pass)
