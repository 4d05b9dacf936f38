// Counts the D1 statements the real Worker prepares, split into reads and writes.
//
// Drizzle prepares every statement it runs (alone or in a batch) through `prepare`, on the
// database or on a D1 session, so counting there counts what reaches D1. The statements
// themselves are D1's own objects, untouched: only the call is seen on its way past.

/** The part of D1 the counter wraps; everything else passes through as it is. */
export interface D1Like {
  prepare(sql: string): unknown
  withSession?(constraint?: string): D1Like
}

export interface D1Counts {
  /** Requests the real Worker answered meanwhile (counted by the bench Worker). */
  requests: number
  reads: number
  writes: number
  sessions: number
}

export class D1Counter {
  counts: D1Counts = { requests: 0, reads: 0, writes: 0, sessions: 0 }

  /** Answers the counts so far and starts again from zero. */
  take(): D1Counts {
    const counts = this.counts
    this.counts = { requests: 0, reads: 0, writes: 0, sessions: 0 }
    return counts
  }

  wrap<T extends D1Like>(db: T): T {
    return new Proxy(db, {
      get: (target, property, receiver) => {
        if (property === 'prepare') {
          return (sql: string) => {
            this.#note(sql)
            return target.prepare(sql)
          }
        }
        if (property === 'withSession' && target.withSession !== undefined) {
          return (constraint?: string) => {
            this.counts.sessions++
            return this.wrap(
              (target.withSession as (c?: string) => D1Like).call(target, constraint),
            )
          }
        }
        const value: unknown = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? (value as Function).bind(target) : value
      },
    })
  }

  #note(sql: string): void {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? ''
    if (verb === 'SELECT' || verb === 'WITH' || verb === 'PRAGMA') this.counts.reads++
    else this.counts.writes++
  }
}
