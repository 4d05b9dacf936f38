// Every test project; `npm test` runs them in three phases (edge, gate, browser) so the
// phases that start wrangler dev and Chromium do not compete for the two cores.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'shared/vitest.config.ts',
      'worker/vitest.config.ts',
      'gateway-device/vitest.config.ts',
      'scripts/vitest.config.ts',
      'worker/browser-test/vitest.config.ts',
    ],
  },
})
