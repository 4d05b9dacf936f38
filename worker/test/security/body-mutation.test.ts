// Every field of every request body, one at a time, made wrong: the wrong type, a huge
// string, a far too long array, negative and huge numbers. Never a 500; an error is always
// the JSON shape with a code; what can never be valid is refused as VALIDATION_FAILED.
import { beforeAll, describe, expect, it } from 'vitest'
import { allRoutes } from '../../src/routes/all-routes.ts'
import { api, errorOf } from '../helpers/resident.ts'
import { buildWorld, validCalls, type RouteCall, type World } from './world.ts'

type Path = (string | number)[]

interface Mutation {
  name: string
  value: unknown
  /** No field of any route may take this: it must be refused. */
  neverValid: boolean
}

let world: World

beforeAll(async () => {
  world = await buildWorld()
})

/** Every leaf (and every array) of a JSON value, with its path. */
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) {
    return [{ path, value }, ...value.flatMap((item, i) => leaves(item, [...path, i]))]
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))
  }
  return [{ path, value }]
}

function withValue(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>
  let cursor = copy
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>
  const last = path.at(-1)
  if (last !== undefined) cursor[last] = value
  return copy
}

function mutationsOf(value: unknown): Mutation[] {
  if (Array.isArray(value)) {
    return [
      {
        name: 'an array of 5000',
        value: Array.from({ length: 5000 }, () => value[0] ?? 1),
        neverValid: true,
      },
      { name: 'an object', value: {}, neverValid: true },
    ]
  }
  if (typeof value === 'string') {
    return [
      { name: 'a 100 000-character string', value: 'x'.repeat(100_000), neverValid: true },
      { name: 'a number', value: 7, neverValid: false },
      { name: 'null', value: null, neverValid: false },
      { name: 'an array', value: [value], neverValid: true },
    ]
  }
  if (typeof value === 'number') {
    return [
      { name: '-1', value: -1, neverValid: false },
      { name: '1e308', value: 1e308, neverValid: false },
      { name: 'an unsafe integer', value: 2 ** 53 + 2, neverValid: false },
      { name: 'a string', value: String(value), neverValid: true },
    ]
  }
  if (typeof value === 'boolean') {
    return [{ name: 'the string "true"', value: 'true', neverValid: true }]
  }
  return []
}

function bodyCalls(w: World): RouteCall[] {
  return validCalls(w).filter((call) => {
    const route = allRoutes.find((r) => r.method === call.method && r.path === call.route)
    return route?.body !== undefined && typeof call.body === 'object'
  })
}

describe('every field of every body', () => {
  it('is refused with a JSON error, never a 500, when made wrong', async () => {
    const calls = bodyCalls(world)
    expect(calls.length).toBeGreaterThan(20)
    let tried = 0
    for (const call of calls) {
      for (const leaf of leaves(call.body)) {
        for (const mutation of mutationsOf(leaf.value)) {
          const res = await api(call.path, {
            method: call.method.toUpperCase(),
            ...(call.token === undefined ? {} : { token: call.token }),
            body: withValue(call.body, leaf.path, mutation.value),
          })
          tried++
          const what = `${call.method} ${call.route} ${leaf.path.join('.')} as ${mutation.name}`
          expect(res.status, what).toBeLessThan(500)
          if (res.status >= 400) expect(typeof errorOf(res).code, what).toBe('string')
          if (mutation.neverValid) {
            // Refused by its schema, or before that by its size.
            const code = errorOf(res).code
            expect(['VALIDATION_FAILED', 'BODY_TOO_LARGE'], what).toContain(code)
            expect(res.status, what).toBe(code === 'BODY_TOO_LARGE' ? 413 : 400)
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(200)
  }, 300_000)
})
