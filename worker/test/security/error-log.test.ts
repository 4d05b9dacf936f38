// An unexpected failure is answered with a generic 500 and logged with the request id, but
// the log line must carry no personal data. drizzle wraps a failed statement in an error
// whose message lists every bound value: a name, an address, a phone's masked form...
import { env } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fetchWithEnv } from '../helpers/codes.ts'
import { addPerson, signInResident, type SignedInResident } from '../helpers/resident.ts'

/** A D1 binding whose statements matching `failing` reject as an overloaded database would. */
function failingD1(real: D1Database, failing: RegExp): D1Database {
  const fail = () => Promise.reject(new Error('D1_ERROR: D1 DB is overloaded. Try again later.'))
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    if (!failing.test(sql)) return stmt
    return {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), sql),
      first: fail,
      all: fail,
      raw: fail,
      run: fail,
    } as unknown as D1PreparedStatement
  }
  return {
    prepare: (query: string) => wrap(real.prepare(query), query),
    batch: (statements: D1PreparedStatement[]) => real.batch(statements),
    exec: (query: string) => real.exec(query),
    withSession: () => real.withSession(),
    dump: () => real.dump(),
  } as unknown as D1Database
}

let resident: SignedInResident
let personId: string

beforeAll(async () => {
  resident = await signInResident()
  personId = (await addPerson(resident.token, { name: '欧阳建明' })).id
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the log line of an unexpected failure', () => {
  it('holds the request id and what failed, but none of the bound values', async () => {
    const lines: string[] = []
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '))
    }
    vi.spyOn(console, 'error').mockImplementation(capture)
    vi.spyOn(console, 'log').mockImplementation(capture)
    const address = '浙江省杭州市余杭区良渚街道玉鸟路 1 号'

    const res = await fetchWithEnv(
      { DB: failingD1(env.DB, /^update "people"/i) },
      `/people/${personId}`,
      { method: 'PATCH', token: resident.token, json: { address, workplace: '良渚卫生院' } },
    )

    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ error: { code: 'INTERNAL' } })
    const requestId = res.headers.get('x-request-id')
    const line = lines.find((text) => text.includes('unhandled error'))
    expect(line).toBeDefined()
    expect(line).toContain(String(requestId))
    expect(line).toContain('overloaded')
    for (const secret of [address, '良渚卫生院', personId, resident.accountId]) {
      expect(line, secret).not.toContain(secret)
    }
  })
})
