import { mkdtempSync } from 'node:fs'
import { decoderQualityBench } from '../code/decoder-quality.ts'
import { codeSizeBench } from '../code/code-size.ts'
const scratch = mkdtempSync('/work/main/artifacts/bench-exp-')
for (const b of [codeSizeBench, decoderQualityBench]) {
  const t = performance.now()
  const rows = await b.run({ quick: false, root: '/work/main', scratch, log: console.log })
  for (const r of rows)
    console.log(r.path, '|', r.subject, '|', r.floor, '|', r.ratio, r.pass, r.note)
  console.log('took', performance.now() - t)
}
