// Every route of the Worker, attacked the same way: each credential it must not accept, and
// each kind of broken request. Every refusal is a 4xx JSON error with its specific code,
// and no refusal changes a stored row.
import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Access } from '../../src/auth/authenticate.ts'
import { allRoutes } from '../../src/routes/all-routes.ts'
import { api, errorOf, type ApiInit } from '../helpers/resident.ts'
import { fetchCode } from '../staff/fixtures.ts'
import { buildWorld, validCalls, type RouteCall, type World } from './world.ts'

let world: World
let calls: RouteCall[]

beforeAll(async () => {
  world = await buildWorld()
  calls = validCalls(world)
})

/** Every row of every table, so that "nothing changed" covers tables added later too. */
async function everything(): Promise<Record<string, unknown[]>> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'
     ORDER BY name`,
  ).all<{ name: string }>()
  const rows = await env.DB.batch(
    results.map(({ name }) => env.DB.prepare(`SELECT * FROM "${name}" ORDER BY rowid`)),
  )
  return Object.fromEntries(results.map(({ name }, i) => [name, rows[i]?.results ?? []]))
}

function routeOf(call: RouteCall) {
  const route = allRoutes.find((r) => r.method === call.method && r.path === call.route)
  if (route === undefined) throw new Error(`no route ${call.method} ${call.route}`)
  return route
}

function send(call: RouteCall, init: ApiInit, path = call.path) {
  return api(path, { method: call.method.toUpperCase(), ...init })
}

/** Who each kind of route admits, by the names of the credentials below. */
const ADMITS: Record<Access, readonly string[] | 'anyone'> = {
  public: 'anyone',
  resident: ['resident'],
  bearer: ['resident'],
  reviewer: ['reviewer', 'admin'],
  admin: ['admin'],
  device: ['device'],
}

// Hundreds of requests each; in-process, but more than the default 5 s on a busy machine.
const MANY_REQUESTS_MS = 120_000

describe('every route', () => {
  it('has a valid request in this suite', () => {
    const declared = allRoutes.map((r) => `${r.method} ${r.path}`).sort()
    const covered = [...new Set(calls.map((c) => `${c.method} ${c.route}`))].sort()
    expect(covered).toEqual(declared)
  })

  it(
    'refuses every credential it does not admit (403 for a reviewer on admin work)',
    async () => {
      const person = { resident: world.owner, personId: world.personId, subject: '' }
      const code = (await fetchCode(person)).code
      // Live credentials of every kind, the ended ones of the kind they once were, and what
      // is no credential of ours at all (a code among them: never a session).
      const live: Record<string, ApiInit> = {
        resident: { token: world.owner.token },
        reviewer: { token: world.reviewer.token },
        admin: { token: world.admin.token },
        device: { token: world.gate.credential },
      }
      const ended: Record<Access, Record<string, ApiInit>> = {
        public: {},
        resident: {
          'an expired resident session': { token: world.ended.expiredResident },
          'a logged-out resident session': { token: world.ended.loggedOutResident },
          'a forged resident token': { token: `rs_${'A'.repeat(43)}` },
        },
        bearer: {},
        reviewer: {
          'an expired staff session': { token: world.ended.expiredStaff },
          "a disabled admin's session": { token: world.ended.disabledStaff },
        },
        admin: {},
        device: { 'a revoked device': { token: world.ended.revokedDevice } },
      }
      ended.bearer = ended.resident
      ended.admin = ended.reviewer
      const foreign: Record<string, ApiInit> = {
        none: {},
        'a Basic header': { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
        'a code': { token: code },
        'an unsigned JWT': { token: unsignedJwt() },
      }

      const before = await everything()
      for (const call of calls) {
        const route = routeOf(call)
        const admits = ADMITS[route.access]
        if (admits === 'anyone') continue
        const refused = { ...live, ...ended[route.access], ...foreign }
        for (const [name, credential] of Object.entries(refused)) {
          if (admits.includes(name)) continue
          const res = await send(call, {
            ...credential,
            ...(call.body === undefined ? {} : { body: call.body }),
          })
          const forbidden = route.access === 'admin' && name === 'reviewer'
          const what = `${call.method} ${call.route} with ${name}`
          expect(res.status, what).toBe(forbidden ? 403 : 401)
          expect(errorOf(res).code, what).toBe(forbidden ? 'FORBIDDEN' : 'UNAUTHENTICATED')
        }
      }
      expect(await everything()).toEqual(before)
    },
    MANY_REQUESTS_MS,
  )

  it("answers 404 to a resident reaching for another account's person", async () => {
    const owned = [world.personId, world.pendingPersonId]
    const reaching = calls.filter(
      (c) => c.token === world.owner.token && owned.some((id) => c.path.includes(id)),
    )
    expect(reaching).toHaveLength(8)
    const before = await everything()
    for (const call of reaching) {
      const res = await send(call, {
        token: world.stranger.token,
        ...(call.body === undefined ? {} : { body: call.body }),
      })
      expect(res.status, `${call.method} ${call.route}`).toBe(404)
      expect(errorOf(res).code).toBe('NOT_FOUND')
    }
    expect(await everything()).toEqual(before)
  })

  it(
    'refuses broken bodies, each with its own code, storing nothing',
    async () => {
      const before = await everything()
      for (const call of calls.filter((c) => routeOf(c).body !== undefined)) {
        const token = call.token === undefined ? {} : { token: call.token }
        const cases: [ApiInit, number, string][] = [
          [{ rawBody: '{"phone":' }, 400, 'MALFORMED_JSON'],
          [{ rawBody: '' }, 400, 'MALFORMED_JSON'],
          [{ body: [] }, 400, 'VALIDATION_FAILED'],
          [{ body: null }, 400, 'VALIDATION_FAILED'],
          [{ body: { ...(call.body as object), unexpected: true } }, 400, 'VALIDATION_FAILED'],
          [{ rawBody: '{"__proto__":{"admin":true}}' }, 400, 'VALIDATION_FAILED'],
          [
            { rawBody: JSON.stringify(call.body), headers: { 'content-type': 'text/plain' } },
            415,
            'UNSUPPORTED_MEDIA_TYPE',
          ],
          [{ rawBody: JSON.stringify({ x: 'y'.repeat(300 * 1024) }) }, 413, 'BODY_TOO_LARGE'],
        ]
        for (const [init, status, code] of cases) {
          const res = await send(call, { ...token, ...init })
          const what = `${call.method} ${call.route} ${JSON.stringify(init).slice(0, 60)}`
          expect(res.status, what).toBe(status)
          expect(errorOf(res).code, what).toBe(code)
        }
        // Streamed, with no Content-Length to trust.
        const streamed = await streamedBody(call, 300 * 1024)
        expect(streamed.status, `${call.method} ${call.route} streamed`).toBe(413)
        expect(streamed.code).toBe('BODY_TOO_LARGE')
      }
      expect(await everything()).toEqual(before)
    },
    MANY_REQUESTS_MS,
  )

  it(
    'answers odd ids in the path with a 4xx JSON error, never a 500',
    async () => {
      const odd = [
        '..',
        '..%2F..%2Fadmin',
        '%00',
        '%ED%A0%80',
        '%F0%9F%98%80',
        '%ZZ',
        "x'%20OR%20'1'%3D'1",
        'x'.repeat(300),
      ]
      const before = await everything()
      for (const call of calls) {
        const params = call.route.match(/:[A-Za-z]+/g) ?? []
        for (const param of params) {
          for (const id of odd) {
            // Every other parameter keeps its valid value: this one alone is wrong.
            const path = pathWith(call, param, id)
            const init = {
              ...(call.token === undefined ? {} : { token: call.token }),
              ...(call.body === undefined ? {} : { body: call.body }),
            }
            const res = await send(call, init, path)
            const what = `${call.method} ${path.slice(0, 80)}`
            expect(res.status, what).toBeGreaterThanOrEqual(400)
            expect(res.status, what).toBeLessThan(500)
            expect(['NOT_FOUND', 'VALIDATION_FAILED', 'KEY_NOT_FOUND'], what).toContain(
              errorOf(res).code,
            )
          }
        }
      }
      expect(await everything()).toEqual(before)
    },
    MANY_REQUESTS_MS,
  )

  it(
    'refuses unknown and malformed query parameters where a route reads its query',
    async () => {
      const before = await everything()
      for (const call of calls.filter((c) => routeOf(c).query !== undefined)) {
        const base = call.path.includes('?') ? `${call.path}&` : `${call.path}?`
        for (const query of ['unexpected=1', 'limit=-1', 'limit=1e9', 'limit=0x10', 'cursor=%ZZ']) {
          if (query.startsWith('limit') && !('limit' in schemaShape(call))) continue
          if (query.startsWith('cursor') && !('cursor' in schemaShape(call))) continue
          const token = call.token === undefined ? {} : { token: call.token }
          const res = await send(call, token, base + query)
          expect(res.status, `${call.route}?${query}`).toBe(400)
          expect(errorOf(res).code).toBe('VALIDATION_FAILED')
        }
      }
      expect(await everything()).toEqual(before)
    },
    MANY_REQUESTS_MS,
  )
})

function schemaShape(call: RouteCall): Record<string, unknown> {
  const query = routeOf(call).query as { shape?: Record<string, unknown> } | undefined
  return query?.shape ?? {}
}

/** The call's real path with `param` replaced by `id`. */
function pathWith(call: RouteCall, param: string, id: string): string {
  const names = call.route.split('/')
  const values = call.path.split('?')[0]?.split('/') ?? []
  return names.map((part, i) => (part === param ? id : values[i])).join('/')
}

async function streamedBody(call: RouteCall, bytes: number) {
  const chunk = new TextEncoder().encode(`{"x":"${'y'.repeat(1024)}`)
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      controller.enqueue(chunk)
      sent += chunk.length
    },
  })
  const headers = new Headers({ 'content-type': 'application/json' })
  if (call.token !== undefined) headers.set('authorization', `Bearer ${call.token}`)
  const res = await exports.default.fetch(`http://gg.test${call.path}`, {
    method: call.method.toUpperCase(),
    headers,
    body,
  })
  const answer = (await res.json()) as { error?: { code?: string } }
  return { status: res.status, code: answer.error?.code }
}

/** `alg: none` with a session-like subject: must never pass as a session. */
function unsignedJwt(): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: world.owner.accountId })}.`
}
