// `npm run bench`: every hot path measured against its floor in one run; one table, one JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decoderQualityBench } from './code/decoder-quality.ts'
import { codeSizeBench } from './code/code-size.ts'
import { edgeRatesBench } from './edge/edge-rates.ts'
import { revokeToRefuseBench } from './edge/revoke-to-refuse.ts'
import { cameraDecisionBench } from './gate/camera-decision.ts'
import { codeDecisionBench } from './gate/code-decision.ts'
import { coldStartBench } from './gate/cold-start.ts'
import { frameToRelayBench } from './gate/frame-to-relay.ts'
import { lanesPerBoxBench } from './gate/lanes-per-box.ts'
import { revocationBurstBench } from './gate/revocation-burst.ts'
import { revocationLookupBench } from './gate/revocation-lookup.ts'
import type { Bench } from './harness/bench.ts'
import { parseFlags, selected, USAGE } from './harness/flags.ts'
import { describeMachine, watchLoad } from './harness/machine.ts'
import { collect } from './harness/memory.ts'
import type { Row } from './harness/row.ts'
import { markdownTable, textTable } from './harness/table.ts'

/** In table order: the gate's paths first (a quiet machine), then the edge's. */
const BENCHES: readonly Bench[] = [
  codeDecisionBench,
  cameraDecisionBench,
  frameToRelayBench,
  lanesPerBoxBench,
  revocationLookupBench,
  coldStartBench,
  revocationBurstBench,
  revokeToRefuseBench,
  edgeRatesBench,
  codeSizeBench,
  decoderQualityBench,
]

const root = fileURLToPath(new URL('../..', import.meta.url))
const flags = parseFlags(process.argv.slice(2))
if (flags.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}

const machine = describeMachine()
const load = watchLoad()
const startedAt = new Date()
const log = (message: string) => process.stdout.write(`[bench] ${message}\n`)
log(`${machine.nproc} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`)
if (!collect()) log('node runs without --expose-gc: memory figures count array bytes only')

const out = resolve(root, flags.out)
mkdirSync(dirname(out), { recursive: true })
const scratch = mkdtempSync(join(dirname(out), 'scratch-'))
const rows: Row[] = []
let crashed = 0
try {
  for (const bench of BENCHES) {
    if (!selected(flags, bench.id)) continue
    const began = performance.now()
    try {
      rows.push(...(await bench.run({ quick: flags.quick, root, scratch, log })))
    } catch (err) {
      crashed++
      const message = err instanceof Error ? err.message : String(err)
      log(`${bench.id} failed: ${message}`)
      rows.push({
        id: bench.id,
        path: bench.id,
        subject: '-',
        floor: '-',
        ratio: null,
        bar: '-',
        pass: false,
        figures: {},
        note: `failed: ${message.split('\n')[0] ?? ''}`,
      })
    }
    log(`${bench.id} done in ${((performance.now() - began) / 1000).toFixed(1)} s`)
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

const loadSummary = load.stop()
const durationSeconds = (Date.now() - startedAt.getTime()) / 1000
const report = {
  command: [
    'npm run bench',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' '),
  startedAt: startedAt.toISOString(),
  durationSeconds,
  quick: flags.quick,
  machine,
  load: loadSummary,
  rows,
}
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(out.replace(/\.json$/, '.md'), `${markdownTable(rows)}\n`)

process.stdout.write(`\n${textTable(rows)}\n\n`)
for (const row of rows) {
  if (row.pass !== true && row.note !== undefined) process.stdout.write(`${row.id}: ${row.note}\n`)
}
const missed = rows.filter((row) => row.pass === false).length
process.stdout.write(
  `\n${rows.length - missed} of ${rows.length} rows met their bar ` +
    `in ${durationSeconds.toFixed(0)} s; load average ${loadSummary.mean.toFixed(2)} ` +
    `(max ${loadSummary.max.toFixed(2)}). Figures: ${out}\n`,
)
process.exitCode = crashed > 0 ? 1 : 0
