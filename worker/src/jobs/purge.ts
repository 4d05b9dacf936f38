// Scheduled job: purge pass events and declarations older than the retention period.
import { configOf } from '../config.ts'

// TODO(soon): implemented with the pass-event and application routes.
export async function purgeExpiredData(env: Env): Promise<void> {
  configOf(env)
}
