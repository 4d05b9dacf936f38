// Bundles the resident app and the staff console (worker/web) into worker/dist/web, the
// Worker's static assets: /app/ and /console/. `node scripts/build-web.ts [--no-minify]`.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

interface WebApp {
  /** Folder under worker/web with index.html, main.ts and style.css. */
  source: string
  /** Folder under worker/dist/web, which is also the URL path. */
  target: string
}

const root = fileURLToPath(new URL('..', import.meta.url))
const webDir = join(root, 'worker/web')
export const WEB_OUT_DIR = join(root, 'worker/dist/web')

const APPS: readonly WebApp[] = [
  { source: 'resident', target: 'app' },
  { source: 'console', target: 'console' },
]

/**
 * Security headers for every page, read by the static-asset server. Scripts, styles and
 * requests stay on this origin; nothing is fetched from anywhere else at run time.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

const HEADERS_FILE = `/*
  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
`

/**
 * Writes over the previous build in place rather than emptying the folder first: a test run
 * may be reading the folder (wrangler and the Worker tests look for it) while this runs.
 */
export async function buildWeb(options: { minify?: boolean } = {}): Promise<void> {
  mkdirSync(WEB_OUT_DIR, { recursive: true })
  writeFileSync(join(WEB_OUT_DIR, '_headers'), HEADERS_FILE)

  for (const app of APPS) await buildApp(app, options.minify ?? true)
}

async function buildApp(app: WebApp, minify: boolean): Promise<void> {
  const outdir = join(WEB_OUT_DIR, app.target)
  const result = await esbuild.build({
    entryPoints: [join(webDir, app.source, 'main.ts'), join(webDir, app.source, 'style.css')],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Phones in use today: WeChat's and Alipay's web views are recent Chromium and Safari.
    target: ['es2020', 'chrome90', 'safari15'],
    minify,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  })
  if (result.errors.length > 0) throw new Error(`building ${app.source} failed`)
  // The pages import shared/ for types only: a value import would drag zod into a phone page.
  const zod = Object.keys(result.metafile.inputs).find((input) =>
    input.includes('node_modules/zod/'),
  )
  if (zod !== undefined)
    throw new Error(`${app.source} bundles zod (${zod}): import shared/ types only`)

  const html = readFileSync(join(webDir, app.source, 'index.html'), 'utf8')
  writeFileSync(join(outdir, 'index.html'), withVersionedAssets(html, outdir, result.metafile))
}

/** Points `main.js` and `style.css` in the page at `?v=<content hash>` so caches never go stale. */
function withVersionedAssets(html: string, outdir: string, metafile: esbuild.Metafile): string {
  let page = html
  for (const output of Object.keys(metafile.outputs)) {
    const name = basename(output)
    if (name.endsWith('.map') || name.endsWith('.LEGAL.txt')) continue
    const hash = createHash('sha256')
      .update(readFileSync(join(outdir, name)))
      .digest('hex')
      .slice(0, 12)
    page = page.replaceAll(`"./${name}"`, `"./${name}?v=${hash}"`)
  }
  return page
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now()
  await buildWeb({ minify: !process.argv.includes('--no-minify') })
  console.log(`web pages built into ${WEB_OUT_DIR} in ${Date.now() - started} ms`)
}
