// One test run for the three packages; each package has its own project.
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
