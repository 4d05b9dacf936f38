// What the run ran on: cores, CPU model, memory, Node, and the load while it ran.
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg, totalmem } from 'node:os'

export interface Machine {
  nproc: number
  cpuModel: string
  memoryGiB: number
  node: string
  platform: string
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

export interface LoadSummary {
  /** 1-minute load average when the run began and ended. */
  atStart: number
  atEnd: number
  /** Mean and highest 1-minute load average sampled every few seconds during the run. */
  mean: number
  max: number
}

/** Samples the 1-minute load average until `stop()`; the bench itself adds to it. */
export function watchLoad(everyMs = 5_000): { stop(): LoadSummary } {
  const atStart = loadavg()[0] ?? 0
  const samples = [atStart]
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), everyMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      const atEnd = loadavg()[0] ?? 0
      samples.push(atEnd)
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length
      return { atStart, atEnd, mean, max: Math.max(...samples) }
    },
  }
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
