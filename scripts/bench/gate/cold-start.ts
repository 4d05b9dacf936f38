// Gate: cold start with 1M cached revocations -> ready to decide, vs reading the cache file.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Bench } from '../harness/bench.ts'
import { formatMs, round, type Row } from '../harness/row.ts'
import { summarize, timeRatio } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { offlineBrain, writeFilledStore } from './fixtures/gate-files.ts'
import { loadBreakdown } from './fixtures/load-breakdown.ts'

const BAR_RATIO = 2
const BAR_MS = 1000

type Cache = 'cold' | 'warm'

export const coldStartBench: Bench = {
  id: 'gate.cold-start',
  async run({ quick, scratch, log }) {
    const total = quick ? 200_000 : 1_000_000
    const path = join(scratch, 'cold-start', 'gate.db')
    log(`cold start: writing a store with ${total} cached revocations`)
    const probe = await writeFilledStore(path, (total * 4) / 5, total / 5)
    const rows: Row[] = []
    for (const cache of ['cold', 'warm'] as const) {
      rows.push(await measure({ path, probe, total, cache, rounds: quick ? 3 : 7 }))
    }
    return rows
  },
}

async function measure(options: {
  path: string
  probe: string
  total: number
  cache: Cache
  rounds: number
}): Promise<Row> {
  const { path, probe, total, cache } = options
  // The cache's files: the SQLite store and the revocation generation file beside it.
  const files = () => [path, ...generationFiles(path)]
  const bytes = files().reduce((sum, file) => sum + statSync(file).size, 0)
  // A cold start after a reboot finds nothing of the files in the page cache: evict them
  // (GNU dd's nocache flag, count=0, drops a file's cached pages) before each round.
  const prepare = () => {
    if (cache !== 'cold') return
    for (const file of files()) {
      execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none'])
    }
  }

  const subject = async () => {
    prepare()
    const started = performance.now()
    const brain = offlineBrain(path)
    await brain.start()
    // Ready: the cache answers, and a revoked person is known as such.
    const known = brain.revocations.revokedThrough(probe) > 0
    const ms = performance.now() - started
    await brain.stop()
    if (!known) throw new Error('the cold-started cache does not know a revoked subject')
    return [ms]
  }
  const floor = () => {
    prepare()
    const started = performance.now()
    let read = 0
    for (const file of files()) read += readFileSync(file).byteLength
    const ms = performance.now() - started
    // Each start writes a little (clock, sync state), so the size moves by a page or two.
    if (read < bytes / 2) throw new Error('the cache files shrank')
    return [ms]
  }
  const samples = await interleave({ subject, floor, rounds: options.rounds, warmupRounds: 1 })

  const s = summarize(samples.subject)
  const f = summarize(samples.floor)
  prepare()
  const breakdown = loadBreakdown(path)
  const ratio = timeRatio(s.median, f.median)
  return {
    id: `gate.cold-start.${cache}`,
    path: `gate: cold start, ${round(total / 1_000_000)}M revocations, ${cache} page cache`,
    subject: `ready in ${formatMs(s.median)} (max ${formatMs(s.max)})`,
    floor: `read the ${round(bytes / 2 ** 20)} MiB of files ${formatMs(f.median)}`,
    ratio,
    bar: `<= ${BAR_RATIO}x, < 1 s`,
    pass: ratio <= BAR_RATIO && s.max < BAR_MS,
    figures: {
      cachedRevocations: total,
      fileBytes: bytes,
      cache,
      subjectMs: s,
      floorMs: f,
      breakdown,
    },
    note: 'in-process GateBrain.start() after a clean stop: store open and check, caches, sync',
  }
}

/** The revocation generation files beside the store (see generation-file.ts). */
function generationFiles(storePath: string): string[] {
  const prefix = `${basename(storePath)}.revocations-`
  return readdirSync(dirname(storePath))
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(dirname(storePath), name))
}
