// Counts the D1 statements the real Worker runs, split into reads and writes.
//
// A statement counts when it runs: alone (`first`, `all`, `run`, `raw`) or in a `batch`, on
// the database or on a D1 session. Preparing alone is not counted (drizzle may prepare a
// statement more than once). D1's own objects are passed on untouched, except that their
// run methods are observed on the way past, so `batch` still gets D1's real statements.

/** The part of D1 the counter wraps; everything else passes through as it is. */
export interface D1Like {
  prepare(sql: string): unknown
  batch?(statements: unknown[]): Promise<unknown[]>
  withSession?(constraint?: string): D1Like
}

export interface D1Counts {
  /** Requests the real Worker answered meanwhile (counted by the bench Worker). */
  requests: number
  reads: number
  writes: number
  sessions: number
  /** Statements run, by their first 70 characters, to say which they were. */
  bySql: Record<string, number>
}

const RUNS = ['first', 'all', 'run', 'raw'] as const

type Runnable = Record<string, unknown> & { bind?: (...values: unknown[]) => unknown }

export class D1Counter {
  counts: D1Counts = empty()
  readonly #sqlOf = new WeakMap<object, string>()

  /** Answers the counts so far and starts again from zero. */
  take(): D1Counts {
    const counts = this.counts
    this.counts = empty()
    return counts
  }

  wrap<T extends D1Like>(db: T): T {
    return new Proxy(db, {
      get: (target, property, receiver) => {
        if (property === 'prepare') {
          return (sql: string) => this.#watch(target.prepare(sql), sql)
        }
        if (property === 'batch' && target.batch !== undefined) {
          return (statements: unknown[]) => {
            for (const s of statements) this.#note(this.#sqlOf.get(s as object) ?? '?')
            return (target.batch as (s: unknown[]) => Promise<unknown[]>).call(target, statements)
          }
        }
        if (property === 'withSession' && target.withSession !== undefined) {
          return (constraint?: string) => {
            this.counts.sessions++
            const session = (target.withSession as (c?: string) => D1Like).call(target, constraint)
            return this.wrap(session)
          }
        }
        const value: unknown = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? (value as Function).bind(target) : value
      },
    })
  }

  /** Observes a statement's run methods, and those of the statements `bind` makes from it. */
  #watch(statement: unknown, sql: string): unknown {
    const s = statement as Runnable
    this.#sqlOf.set(s, sql)
    for (const name of RUNS) {
      const run = s[name]
      if (typeof run !== 'function') continue
      s[name] = (...args: unknown[]) => {
        this.#note(sql)
        return (run as Function).apply(s, args)
      }
    }
    const bind = s.bind
    if (typeof bind === 'function') {
      s.bind = (...values: unknown[]) => this.#watch(bind.apply(s, values), sql)
    }
    return s
  }

  #note(sql: string): void {
    const head = sql.slice(0, 70)
    this.counts.bySql[head] = (this.counts.bySql[head] ?? 0) + 1
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? ''
    if (verb === 'SELECT' || verb === 'WITH' || verb === 'PRAGMA') this.counts.reads++
    else this.counts.writes++
  }
}

function empty(): D1Counts {
  return { requests: 0, reads: 0, writes: 0, sessions: 0, bySql: {} }
}
