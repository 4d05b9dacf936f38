// Routes that look their device up in their own statement: a stranger still hears only 401,
// and a handler that forgets the lookup cannot answer.
import { GreenGateError } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { deviceOf } from '../../src/auth/authenticate.ts'
import { primary } from '../../src/db/client.ts'
import type { AppEnv } from '../../src/http/app-env.ts'
import { onError } from '../../src/http/on-error.ts'
import { defineRoute, mountRoutes } from '../../src/http/route.ts'
import { seedGate, type SeededDevice } from '../helpers/codes.ts'

let gate: SeededDevice

beforeAll(async () => {
  gate = await seedGate()
})

const STRANGER = 'gd_unknownunknownunknown1'

/** A device route whose handler does what `behaviour` says, mounted the production way. */
function appWith(behaviour: 'looks up' | 'forgets' | 'fails first'): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  mountRoutes(app, [
    defineRoute({
      method: 'post',
      path: '/probe',
      summary: 'probe',
      tag: 'test',
      access: 'device',
      deviceLookup: 'handler',
      body: z.strictObject({ n: z.number() }),
      response: z.object({ ok: z.boolean() }),
      handler: async (c) => {
        if (behaviour === 'fails first') throw new GreenGateError('NOT_FOUND', 'nothing here')
        if (behaviour === 'looks up')
          c.set('device', await deviceOf(primary(c.env), c.get('bearerHash')))
        return { ok: true }
      },
    }),
  ])
  app.onError(onError)
  return app
}

async function probe(app: Hono<AppEnv>, token: string, body: string) {
  const res = await app.request(
    '/probe',
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    },
    env,
  )
  return {
    status: res.status,
    code: ((await res.json()) as { error?: { code: string } }).error?.code,
  }
}

describe('a route that finds its device itself', () => {
  it('answers a known device, and a stranger 401 whatever else is wrong', async () => {
    const app = appWith('looks up')
    expect(await probe(app, gate.credential, '{"n":1}')).toEqual({ status: 200, code: undefined })
    expect(await probe(app, gate.credential, '{"n":')).toMatchObject({ status: 400 })
    for (const body of ['{"n":1}', '{"n":', '{"x":1}']) {
      expect(await probe(app, STRANGER, body)).toEqual({ status: 401, code: 'UNAUTHENTICATED' })
    }
  })

  it('says 401 to a stranger even when the handler fails before its lookup', async () => {
    const app = appWith('fails first')
    expect(await probe(app, STRANGER, '{"n":1}')).toEqual({ status: 401, code: 'UNAUTHENTICATED' })
    expect(await probe(app, gate.credential, '{"n":1}')).toEqual({ status: 404, code: 'NOT_FOUND' })
  })

  it('answers 500, not the handler’s answer, when the handler never found its device', async () => {
    const app = appWith('forgets')
    expect(await probe(app, gate.credential, '{"n":1}')).toEqual({ status: 500, code: 'INTERNAL' })
    expect(await probe(app, STRANGER, '{"n":1}')).toEqual({ status: 500, code: 'INTERNAL' })
  })

  it('is refused when mounted for anything but a device', () => {
    const app = new Hono<AppEnv>()
    const route = defineRoute({
      method: 'get',
      path: '/probe',
      summary: 'probe',
      tag: 'test',
      access: 'resident',
      deviceLookup: 'handler',
      response: z.object({}),
      handler: async () => ({}),
    })
    expect(() => mountRoutes(app, [route])).toThrow(/Only a device route/)
  })
})
