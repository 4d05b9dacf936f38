import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalEdge, type LocalEdge } from './local-edge.ts'

/** Whether the edge answers at all: any HTTP answer counts, a refused connection does not. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })
    return true
  } catch {
    return false
  }
}

/** Processes still running with the edge's folder on their command line (wrangler, workerd). */
function processesOf(edge: LocalEdge): string[] {
  const lines = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' }).split('\n')
  return lines.filter((line) => line.includes(edge.dir) && !line.trimStart().startsWith('Z'))
}

describe('a local edge', () => {
  let edge: LocalEdge

  beforeAll(async () => {
    edge = await startLocalEdge()
  }, 120_000)

  afterAll(async () => {
    await edge.dispose()
  })

  it('is really gone once stopped, leaving no wrangler behind, and comes back on restart', async () => {
    expect(await answers(edge.url)).toBe(true)

    await edge.stop()

    expect(await answers(edge.url)).toBe(false)
    expect(processesOf(edge)).toEqual([])
    await edge.restart()
    expect(await answers(edge.url)).toBe(true)
  }, 120_000)
})
