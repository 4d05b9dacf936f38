// Gate: lanes per box: 4 camera lanes at 15 fps each, in one process pinned to one core.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Bench } from '../harness/bench.ts'
import { formatMs, round, type Row } from '../harness/row.ts'
import { summarize } from '../harness/stats.ts'
import type { LanesFigures } from './lanes-worker.ts'

const run = promisify(execFile)
const WORKER = fileURLToPath(new URL('./lanes-worker.ts', import.meta.url))
const LANES = 4
const FPS = 15
/** Frames the box may drop for a newer one (the camera design allows it) and still keep up. */
const MAX_DROP_SHARE = 0.01

export const lanesPerBoxBench: Bench = {
  id: 'gate.lanes',
  async run({ quick, log }) {
    const rows: Row[] = []
    for (const [width, height] of [
      [640, 480],
      [1280, 720],
    ] as const) {
      log(`lanes per box: ${LANES} x ${FPS} fps at ${width}x${height}, pinned to CPU 0`)
      const args = [
        '-c',
        '0',
        process.execPath,
        '--disable-warning=ExperimentalWarning',
        WORKER,
        `--width=${width}`,
        `--height=${height}`,
        `--seconds=${quick ? 4 : 12}`,
        `--lanes=${LANES}`,
        `--fps=${FPS}`,
      ]
      const { stdout } = await run('taskset', args, { maxBuffer: 64 * 2 ** 20, timeout: 120_000 })
      const figures = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LanesFigures
      rows.push(rowOf(figures))
    }
    return rows
  },
}

function rowOf(f: LanesFigures): Row {
  const dropShare = f.offered === 0 ? 1 : f.dropped / f.offered
  const latency = summarize(f.latencyMs.length > 0 ? f.latencyMs : [Number.POSITIVE_INFINITY])
  const offeredRate = f.lanes * f.fps
  return {
    id: `gate.lanes.${f.width}x${f.height}`,
    path: `gate: lanes per box, ${f.lanes} x ${f.fps} fps, ${f.width}x${f.height}, one core`,
    subject:
      `${round(f.coreShare * 100)}% of the core, ${round(dropShare * 100)}% dropped, ` +
      `decision p99 ${formatMs(latency.p99)}`,
    floor: `${offeredRate} frames/s offered; core decodes ${round(f.framesPerCpuSecond)}/s`,
    ratio: f.framesPerCpuSecond / offeredRate,
    bar: `keeps up: < 100% of one core, <= ${MAX_DROP_SHARE * 100}% dropped`,
    pass: f.coreShare < 1 && dropShare <= MAX_DROP_SHARE && f.decisions > 0,
    figures: { ...f, latencyMs: latency, dropShare },
    note:
      'ratio = frames one core decodes per CPU second over the 60/s offered (headroom); ' +
      "mix: each lane 10 frames of a person's code, then 12 of nobody",
  }
}
