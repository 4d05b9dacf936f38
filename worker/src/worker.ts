// The Worker's entry points: HTTP requests and the scheduled purge.
import { createApp } from './app.ts'
import { purgeExpiredData } from './jobs/purge.ts'

const app = createApp()

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(purgeExpiredData(env))
  },
} satisfies ExportedHandler<Env>
