// Browser tests: the built pages in headless Chromium against a Worker under `wrangler dev`.
// One file at a time, one test after another: each walks a path through shared state.
import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

export default defineProject({
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
})
