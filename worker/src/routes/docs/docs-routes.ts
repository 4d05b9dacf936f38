// The API's own description: the OpenAPI document and a page that browses it.
import { z } from 'zod'
import { DOCS_PAGE_CSP, DOCS_PAGE_HTML } from '../../http/docs-page.ts'
import { buildOpenApi, type JsonObject } from '../../http/openapi.ts'
import { defineRoute, type Route } from '../../http/route.ts'
// A cycle on purpose: the document lists every route, these included. `allRoutes` is
// read only inside the handler, long after both modules have loaded.
import { allRoutes } from '../all-routes.ts'

// Built once per route list: a pure cache of a value derived from code.
const documents = new WeakMap<readonly Route[], JsonObject>()

export const docsRoutes = [
  defineRoute({
    method: 'get',
    path: '/openapi.json',
    summary:
      'This API as an OpenAPI 3.1 document, generated from the schemas the routes validate with',
    tag: 'system',
    access: 'public',
    response: z.record(z.string(), z.unknown()),
    handler: async (c) => {
      let document = documents.get(allRoutes)
      if (document === undefined) {
        document = buildOpenApi(allRoutes, {
          title: 'GreenGate edge API',
          version: '1',
          description:
            'Health codes: residents apply, reviewers decide, codes are issued and verified, ' +
            'gates follow the revocation feed.',
        })
        documents.set(allRoutes, document)
      }
      c.header('cache-control', 'public, max-age=60')
      return document
    },
  }),
  defineRoute({
    method: 'get',
    path: '/docs',
    summary: 'A page to browse the OpenAPI document (self-contained: no CDN)',
    tag: 'system',
    access: 'public',
    response: z.string().meta({ contentMediaType: 'text/html' }),
    handler: async (c) => {
      c.header('content-security-policy', DOCS_PAGE_CSP)
      return c.html(DOCS_PAGE_HTML)
    },
  }),
]
