import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

describe('health', () => {
  it('answers with the issuer', async () => {
    const res = await exports.default.fetch('http://gg.test/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, issuer: '330110' })
  })

  it('sends the bare address to the resident app', async () => {
    const res = await exports.default.fetch('http://gg.test/', { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/app/')
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await exports.default.fetch('http://gg.test/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
