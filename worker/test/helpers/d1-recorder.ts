// Test helper: a D1 binding that records every statement it executes, to prove how many
// reads and writes a request makes. Wraps the real binding; behaviour is unchanged.

export interface D1Call {
  sql: string
  /** first/all/raw/run on one statement, batch for each statement of a batch, exec. */
  via: 'first' | 'all' | 'raw' | 'run' | 'batch' | 'exec'
}

interface StatementSource {
  prepare(query: string): D1PreparedStatement
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>
}

/** True for a statement that can change data (anything but a plain SELECT). */
export function isWrite(call: D1Call): boolean {
  return !/^\s*select\b/i.test(call.sql) || /\b(insert|update|delete|replace)\b/i.test(call.sql)
}

export function recordingD1(real: D1Database, calls: D1Call[]): D1Database {
  // What each wrapped statement really is, and its SQL, for batches.
  const originals = new WeakMap<object, { stmt: D1PreparedStatement; sql: string }>()

  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const record = (via: D1Call['via']) => calls.push({ sql, via })
    const wrapped = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), sql),
      first: (column?: string) => {
        record('first')
        return column === undefined ? stmt.first() : stmt.first(column)
      },
      all: () => {
        record('all')
        return stmt.all()
      },
      raw: (options?: { columnNames?: boolean }) => {
        record('raw')
        return options?.columnNames === true ? stmt.raw({ columnNames: true }) : stmt.raw()
      },
      run: () => {
        record('run')
        return stmt.run()
      },
    }
    originals.set(wrapped, { stmt, sql })
    return wrapped as unknown as D1PreparedStatement
  }

  const source = (target: StatementSource) => ({
    prepare: (query: string) => wrap(target.prepare(query), query),
    batch: (statements: D1PreparedStatement[]) => {
      const real = statements.map((stmt) => {
        const original = originals.get(stmt)
        calls.push({ sql: original?.sql ?? '(unknown statement)', via: 'batch' })
        return original?.stmt ?? stmt
      })
      return target.batch(real)
    },
  })

  return {
    ...source(real),
    exec: (query: string) => {
      calls.push({ sql: query, via: 'exec' })
      return real.exec(query)
    },
    withSession: (constraint?: string) => {
      const session = constraint === undefined ? real.withSession() : real.withSession(constraint)
      return { ...source(session), getBookmark: () => session.getBookmark() }
    },
    dump: () => real.dump(),
  } as unknown as D1Database
}
