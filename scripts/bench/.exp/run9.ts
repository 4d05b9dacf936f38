import { edgeRatesBench } from '../edge/edge-rates.ts'
const rows = await edgeRatesBench.run({
  quick: true,
  root: '/work/main',
  scratch: '/tmp',
  log: console.log,
})
for (const r of rows)
  console.log(
    r.path,
    '|',
    r.subject,
    '|',
    r.floor,
    '|',
    r.ratio?.toFixed(3),
    r.pass,
    JSON.stringify(r.figures).slice(0, 600),
  )
