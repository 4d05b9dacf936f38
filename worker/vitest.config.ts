// Worker tests run inside workerd against a local D1 with the real migrations applied.
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineProject } from 'vitest/config'
import { generateSigningKey } from '../scripts/lib/signing-key.ts'

export default defineProject(async () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const migrations = await readD1Migrations(`${root}/migrations`)
  // Test-only secrets, made fresh for every run and never written to disk.
  const signingKey = generateSigningKey()
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: `${root}/wrangler.toml` },
        miniflare: {
          bindings: {
            ENVIRONMENT: 'test',
            SIGNING_KEYS: JSON.stringify([signingKey]),
            DATA_KEY: randomBytes(32).toString('base64'),
            LOOKUP_KEY: randomBytes(32).toString('base64'),
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      name: 'worker',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: ['./test/apply-migrations.ts'],
    },
  }
})
