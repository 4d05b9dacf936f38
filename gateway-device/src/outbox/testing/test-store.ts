// A real gate store with the outbox's tables, for outbox tests.
import { pino } from 'pino'
import { GateStore } from '../../store/gate-store.ts'
import { outboxMigrations } from '../outbox-schema.ts'

export function openTestStore(path: string): GateStore {
  const store = new GateStore({
    path,
    migrations: [outboxMigrations],
    logger: pino({ level: 'silent' }),
  })
  store.open()
  return store
}
