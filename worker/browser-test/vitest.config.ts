// Browser tests: the built pages in headless Chromium against a Worker under `wrangler dev`.
// One file at a time, one test after another: each walks a path through shared state.
import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'
import { buildWeb } from '../../scripts/build-web.ts'

export default defineProject(async () => {
  // Every `wrangler dev` needs the pages' folder (wrangler.toml's [assets]), and the Worker
  // tests of other projects start one too: build before any project runs, even when vitest is
  // started directly rather than through `npm test` (whose pretest builds as well).
  await buildWeb()
  return {
    test: {
      name: 'browser',
      root: fileURLToPath(new URL('..', import.meta.url)),
      include: ['browser-test/**/*.test.ts', 'web/**/*.test.ts'],
      environment: 'node',
      fileParallelism: false,
      sequence: { concurrent: false },
      testTimeout: 240_000,
      hookTimeout: 240_000,
    },
  }
})
