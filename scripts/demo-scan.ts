// `npm run demo:scan`: fetches the demo resident's current code and "scans" it at the demo gate.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiClient, type DemoData } from './lib/demo-data.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const localDir = join(root, '.local')
const edge = `http://127.0.0.1:${Number(process.env.PORT ?? 8787)}`
const { demo } = JSON.parse(readFileSync(join(localDir, 'demo.json'), 'utf8')) as {
  demo?: DemoData
}
if (demo === undefined) throw new Error('no demo data yet: run `npm start` first')

const client = new ApiClient(edge)
const token = await client.signInResident(demo.resident.phone)
const code = await client.get<{ qrText: string; colour: string; expiresAt: number }>(
  `/people/${demo.resident.personId}/code`,
  token,
)
// Opening a FIFO for writing waits until the gate is reading it.
writeFileSync(join(localDir, 'scan.fifo'), `${code.qrText}\n`)
console.log(
  `scanned a ${code.colour} code valid until ${new Date(code.expiresAt * 1000).toISOString()}`,
)
console.log(`the gate's decision: curl -s http://127.0.0.1:8790/status`)
