// Child process for the kill test: records three events, prints their ids, then waits to die.
import { pino } from 'pino'
import { Outbox } from '../outbox.ts'
import { passEvent } from './pass-events.ts'
import { openTestStore } from './test-store.ts'

const path = process.argv[2]
if (path === undefined) throw new Error('usage: record-then-hang.ts <sqlite path>')

const logger = pino({ level: 'silent' })
const outbox = new Outbox({
  store: openTestStore(path),
  maxRows: 1000,
  maxBytes: 1e7,
  alarmAtFraction: 0.8,
  logger,
})
outbox.start()
const events = [passEvent(), passEvent(), passEvent()]
for (const event of events) outbox.record(event)
process.stdout.write(JSON.stringify(events.map((event) => event.id)))
setInterval(() => undefined, 60_000)
