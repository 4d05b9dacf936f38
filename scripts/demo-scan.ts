// `npm run demo:scan`: fetches the demo resident's current code and "scans" it at the demo gate.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiClient, ApiError, saveDemoResidentToken, type DemoData } from './lib/demo-data.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const localDir = join(root, '.local')
const edge = `http://127.0.0.1:${Number(process.env.PORT ?? 8787)}`
const { demo } = JSON.parse(readFileSync(join(localDir, 'demo.json'), 'utf8')) as {
  demo?: DemoData
}
if (demo === undefined) throw new Error('no demo data yet: run `npm start` first')

type Code = { qrText: string; colour: string; expiresAt: number }
const client = new ApiClient(edge)
const resident = demo.resident
const codePath = `/people/${resident.personId}/code`

// The session `npm start` signed the resident in with; a new sign-in only when it has ended,
// as the number may ask for one SMS code a minute.
async function fetchCode(): Promise<Code> {
  const kept = resident.token
  if (kept !== undefined) {
    try {
      return await client.get<Code>(codePath, kept)
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err
    }
  }
  let token: string
  try {
    token = await client.signInResident(resident.phone)
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) {
      console.error('the demo number may ask for one SMS code a minute: try again in a minute')
      process.exit(1)
    }
    throw err
  }
  saveDemoResidentToken(localDir, token)
  return client.get<Code>(codePath, token)
}

const code = await fetchCode()
// Opening a FIFO for writing waits until the gate is reading it.
writeFileSync(join(localDir, 'scan.fifo'), `${code.qrText}\n`)
console.log(
  `scanned a ${code.colour} code valid until ${new Date(code.expiresAt * 1000).toISOString()}`,
)
console.log(`the gate's decision: curl -s http://127.0.0.1:8790/status`)
