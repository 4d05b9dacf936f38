// Where the edge benches send load, and how a round survives a restart of the Worker.
import { loop, wrk as runWrk, type LoopResult, type WrkRequest } from './http-load.ts'
import type { BenchEdge } from './bench-edge.ts'

export const CONNECTIONS = 8

/** A request by path: the base is read at each run, as a restart may move workerd's port. */
export type PathRequest = Omit<WrkRequest, 'url'> & { path: string }

/** Where the load goes: workerd's own socket when found, else wrangler's proxy. */
export class Target {
  readonly edge: BenchEdge
  restarts = 0

  constructor(edge: BenchEdge) {
    this.edge = edge
  }

  get base(): string {
    return this.edge.directUrl ?? this.edge.url
  }

  get via(): string {
    return this.edge.directUrl === undefined ? "wrangler dev's proxy" : "workerd's own socket"
  }

  /**
   * wrk at `seconds` with CONNECTIONS; a round with failures is run again once, after the
   * Worker is back: wrangler dev restarts it when a source file changes (others edit this
   * tree), and a round that spans a restart is void. Answers requests per second.
   */
  async rate(request: PathRequest, seconds: number, base = this.base): Promise<number> {
    const run = (at: string) =>
      runWrk({ ...request, url: `${at}${request.path}` }, { seconds, connections: CONNECTIONS })
    let result = await run(base)
    if (result.failures > 0) {
      this.restarts++
      await this.edge.rediscover()
      result = await run(base === this.edge.url ? base : this.base)
    }
    if (result.failures > 0) {
      throw new Error(`${result.failures} of ${result.requests} requests to ${request.path} failed`)
    }
    return result.perSecond
  }

  /** The same for a Node loop of heavy operations; answers operations per second. */
  async loop(
    operation: () => Promise<void>,
    options: { seconds: number; workers: number },
  ): Promise<number> {
    let result: LoopResult = await loop(operation, options)
    if (result.failures > 0) {
      this.restarts++
      await this.edge.rediscover()
      result = await loop(operation, options)
    }
    if (result.failures > 0) {
      throw new Error(`${result.failures} operations failed: ${result.firstFailure ?? ''}`)
    }
    return result.perSecond
  }

  /**
   * One plain request (a check, a counter read) sent to `base`, sent again once after the
   * Worker is back when it fails to connect: a restart must not end the whole run.
   */
  async once<T>(send: (base: string) => Promise<T>): Promise<T> {
    try {
      return await send(this.base)
    } catch (err) {
      // Only an unreachable Worker (fetch's TypeError); an answer it gave is the answer.
      if (!(err instanceof TypeError)) throw err
      this.restarts++
      await this.edge.rediscover()
      return send(this.base)
    }
  }
}
