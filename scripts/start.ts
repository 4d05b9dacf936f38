// `npm start`: the whole system on one machine — the Worker on a local D1 database
// (migrations applied, demo staff, checkpoint and device) and one gate wired to it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureDemoData, ensureDemoAdmin } from './lib/demo-data.ts'
import { OFFLINE_WRANGLER_ENV, ensureDevVars } from './lib/dev-env.ts'
import { gateConfigFor } from './lib/demo-gate.ts'
import { startWranglerDev } from './lib/local-edge.ts'
import { run, startProcess, waitForHttp } from './lib/processes.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const localDir = join(root, '.local')
const port = Number(process.env.PORT ?? 8787)
const edge = `http://127.0.0.1:${port}`
const env = { ...OFFLINE_WRANGLER_ENV }

mkdirSync(localDir, { recursive: true })
const vars = ensureDevVars(join(root, '.dev.vars'))
console.log(vars === 'created' ? 'made development keys in .dev.vars' : 'using .dev.vars')

console.log('applying D1 migrations to the local database')
await run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'greengate', '--local'], {
  cwd: root,
  env,
})
const admin = await ensureDemoAdmin(root, localDir, env)

const worker = startWranglerDev('worker', port, [], { cwd: root, env })
const children = [worker]
let stopping = false
const stopAll = () => {
  stopping = true
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stopAll)
process.on('SIGTERM', stopAll)
worker.on('exit', (code) => {
  if (stopping) return
  console.error(`worker exited (${code}); stopping`)
  stopAll()
  process.exitCode = code ?? 1
})

await waitForHttp(`${edge}/health`, 90_000)
const demo = await ensureDemoData(edge, localDir, admin)

const gateConfigPath = join(localDir, 'gate.json')
const gateConfig = gateConfigFor(edge, demo, localDir)
writeFileSync(gateConfigPath, JSON.stringify(gateConfig.config, null, 2))
const gate = startProcess(
  'gate',
  process.execPath,
  [join(root, 'gateway-device/bin/greengate-gate.ts'), '--config', gateConfigPath],
  { cwd: root },
)
children.push(gate)

console.log(`
GreenGate is running.
  Edge API        ${edge}   (OpenAPI: ${edge}/openapi.json, browse: ${edge}/docs)
  Gate status     ${gateConfig.statusUrl}
  Admin           ${admin.username} / ${admin.password}
  Reviewer        ${demo.reviewer.username} / ${demo.reviewer.password}
  Checkpoint      ${demo.checkpointId}
  Gate device     ${demo.deviceId}  (credential in .local/demo.json)
  Demo resident   ${demo.resident.phone}  (SMS codes: ${edge}/dev/sms-inbox?phone=${demo.resident.phone})

Scan the demo resident's current code at the gate:
  npm run demo:scan
or paste any code text into the gate's scan line:  echo '<code>' > ${gateConfig.scanFifo}
Stop with Ctrl-C.
`)
