import { describe, expect, it } from 'vitest'
import {
  addPerson,
  api,
  declaration,
  errorOf,
  personDetails,
  randomPhone,
  signInResident,
  submitApplication,
} from '../helpers/resident.ts'
import { deviceToken, snapshot, staffToken } from './fixtures.ts'

/** Every resident route that takes a body, with a valid body for it. */
async function bodyRoutes(token: string, personId: string) {
  return [
    { method: 'POST', path: '/auth/otp', body: { phone: randomPhone() } },
    { method: 'POST', path: '/auth/login', body: { phone: randomPhone(), code: '123456' } },
    { method: 'POST', path: '/me/phone/otp', body: { newPhone: randomPhone() }, token },
    { method: 'POST', path: '/me/phone', body: { newPhone: randomPhone(), code: '123456' }, token },
    { method: 'POST', path: '/people', body: personDetails(), token },
    { method: 'PATCH', path: `/people/${personId}`, body: { address: '新' }, token },
    {
      method: 'POST',
      path: `/people/${personId}/applications`,
      body: { declaration: declaration() },
      token,
    },
  ]
}

/** Every route that needs a resident session. */
function residentRoutes(personId: string, applicationId: string) {
  return [
    { method: 'GET', path: '/me' },
    { method: 'POST', path: '/auth/logout' },
    { method: 'POST', path: '/me/phone/otp', body: { newPhone: randomPhone() } },
    { method: 'POST', path: '/me/phone', body: { newPhone: randomPhone(), code: '123456' } },
    { method: 'GET', path: '/people' },
    { method: 'POST', path: '/people', body: personDetails() },
    { method: 'GET', path: `/people/${personId}` },
    { method: 'PATCH', path: `/people/${personId}`, body: { address: '新' } },
    { method: 'GET', path: `/people/${personId}/history` },
    { method: 'GET', path: `/people/${personId}/applications` },
    {
      method: 'POST',
      path: `/people/${personId}/applications`,
      body: { declaration: declaration() },
    },
    { method: 'GET', path: `/people/${personId}/applications/${applicationId}` },
  ]
}

async function setUp() {
  const resident = await signInResident()
  const person = await addPerson(resident.token)
  const application = await submitApplication(resident.token, person.id)
  return { resident, person, application }
}

describe('bad input on resident routes', () => {
  it('answers malformed JSON with MALFORMED_JSON and changes nothing', async () => {
    const { resident, person } = await setUp()
    const before = await snapshot()
    for (const route of await bodyRoutes(resident.token, person.id)) {
      for (const rawBody of ['{"phone":', 'not json', '']) {
        const init = {
          method: route.method,
          rawBody,
          ...(route.token === undefined ? {} : { token: route.token }),
        }
        const res = await api(route.path, init)
        expect(res.status, `${route.path} ${rawBody}`).toBe(400)
        expect(errorOf(res).code).toBe('MALFORMED_JSON')
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('answers another media type with UNSUPPORTED_MEDIA_TYPE', async () => {
    const { resident, person } = await setUp()
    const before = await snapshot()
    for (const route of await bodyRoutes(resident.token, person.id)) {
      const init = {
        method: route.method,
        rawBody: JSON.stringify(route.body),
        headers: { 'content-type': 'text/plain' },
        ...(route.token === undefined ? {} : { token: route.token }),
      }
      const res = await api(route.path, init)
      expect(res.status, route.path).toBe(415)
      expect(errorOf(res).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
    expect(await snapshot()).toEqual(before)
  })

  it('answers wrong types, arrays, null and unknown fields with VALIDATION_FAILED', async () => {
    const { resident, person } = await setUp()
    const before = await snapshot()
    for (const route of await bodyRoutes(resident.token, person.id)) {
      const token = route.token === undefined ? {} : { token: route.token }
      for (const body of [[], null, 42, 'text', { ...route.body, unexpected: true }]) {
        const res = await api(route.path, { method: route.method, body, ...token })
        expect(res.status, `${route.path} ${JSON.stringify(body)}`).toBe(400)
        expect(errorOf(res).code).toBe('VALIDATION_FAILED')
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a body over 256 KiB with BODY_TOO_LARGE', async () => {
    const { resident, person } = await setUp()
    const before = await snapshot()
    const huge = JSON.stringify({ ...personDetails(), address: 'x'.repeat(300 * 1024) })
    for (const path of ['/people', `/people/${person.id}/applications`, '/auth/otp']) {
      const res = await api(path, { method: 'POST', rawBody: huge, token: resident.token })
      expect(res.status, path).toBe(413)
      expect(errorOf(res).code).toBe('BODY_TOO_LARGE')
    }
    expect(await snapshot()).toEqual(before)
  })

  it('refuses staff and device credentials, and a missing one, on every resident route', async () => {
    const { resident, person, application } = await setUp()
    const credentials = [
      await staffToken(),
      await deviceToken(),
      undefined,
      'rs_forgedtokenforgedtoken',
    ]
    const before = await snapshot()
    for (const route of residentRoutes(person.id, application.id)) {
      for (const token of credentials) {
        const init = {
          method: route.method,
          ...(route.body === undefined ? {} : { body: route.body }),
          ...(token === undefined ? {} : { token }),
        }
        const res = await api(route.path, init)
        expect(res.status, `${route.method} ${route.path}`).toBe(401)
        expect(errorOf(res).code).toBe('UNAUTHENTICATED')
      }
    }
    expect(await snapshot()).toEqual(before)
    // The resident's own token still works after all that.
    expect((await api('/people', { token: resident.token })).status).toBe(200)
  })

  it("answers 404 on every route for another account's person, changing nothing", async () => {
    const { person, application } = await setUp()
    const stranger = await signInResident()
    const before = await snapshot()
    for (const route of residentRoutes(person.id, application.id).filter((r) =>
      r.path.startsWith(`/people/${person.id}`),
    )) {
      const init = {
        method: route.method,
        token: stranger.token,
        ...(route.body === undefined ? {} : { body: route.body }),
      }
      const res = await api(route.path, init)
      expect(res.status, `${route.method} ${route.path}`).toBe(404)
      expect(errorOf(res).code).toBe('NOT_FOUND')
    }
    expect(await snapshot()).toEqual(before)
  })

  it('answers over-long ids with a 4xx, never a 500', async () => {
    const { resident } = await setUp()
    const long = 'x'.repeat(200)
    for (const path of [
      `/people/${long}`,
      `/people/${long}/applications`,
      `/people/${long}/history`,
      `/people/p/applications/${long}`,
    ]) {
      const res = await api(path, { token: resident.token })
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.status, path).toBeLessThan(500)
    }
  })
})
