// The OpenAPI document and the page that browses it.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { api } from '../helpers/resident.ts'

interface OpenApi {
  openapi: string
  paths: Record<
    string,
    Record<string, { security: unknown[]; 'x-access': string; responses: Record<string, unknown> }>
  >
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> }
}

describe('GET /openapi.json', () => {
  it('describes every route the app mounts', async () => {
    const res = await api<OpenApi>('/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')

    // `GET /` only redirects a person to the resident app: a page, not part of the API.
    const mounted = createApp()
      .routes.filter((r) => r.method !== 'ALL' && r.path !== '/')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
    const described = Object.entries(res.body.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    )
    expect(mounted.length).toBeGreaterThan(20)
    expect([...new Set(mounted)].sort()).toEqual([...new Set(described)].sort())
  })

  it('names each route’s credentials and describes its inputs and answers from the zod schemas', async () => {
    const { body } = await api<OpenApi>('/openapi.json')
    const code = body.paths['/people/{personId}/code']?.get
    expect(code?.security).toEqual([{ residentSession: [] }])
    expect(code).toMatchObject({
      parameters: [{ name: 'personId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: {
          content: {
            'application/json': { schema: { properties: { qrText: { type: 'string' } } } },
          },
        },
      },
    })
    const verify = body.paths['/verify']?.post as Record<string, unknown> | undefined
    expect(verify).toMatchObject({
      'x-access': 'device',
      security: [{ deviceCredential: [] }],
      requestBody: {
        content: {
          'application/json': { schema: { required: ['code'], additionalProperties: false } },
        },
      },
    })
    expect(body.paths['/.well-known/jwks.json']?.get?.security).toEqual([])
    expect(body.paths['/admin/keys/{kid}/retire']?.post?.responses).toHaveProperty('403')
    expect(body.paths['/device/feed/live']?.get?.responses).toHaveProperty('101')
    expect(body.paths['/device/feed']?.get).toMatchObject({
      parameters: expect.arrayContaining([
        expect.objectContaining({ name: 'since', in: 'query', required: false }),
      ]),
    })
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual([
      'deviceCredential',
      'residentSession',
      'staffSession',
    ])
    expect(body.components.schemas.Error).toMatchObject({
      properties: { error: { required: ['code', 'message'] } },
    })
  })
})

describe('GET /docs', () => {
  it('serves a self-contained page that loads nothing from elsewhere', async () => {
    const res = await api('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await (await fetchDocs()).text()
    expect(html).toContain("fetch('/openapi.json')")
    expect(html).not.toMatch(/<script[^>]+src=/i)
    expect(html).not.toMatch(/<link[^>]+href=/i)
    expect(html).not.toMatch(/https?:\/\//)
  })
})

async function fetchDocs(): Promise<Response> {
  const { exports } = await import('cloudflare:workers')
  return exports.default.fetch('http://gg.test/docs')
}
