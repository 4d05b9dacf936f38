// The demo gate's config: one lane reading code text from a FIFO, a simulated relay.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DemoData } from './demo-data.ts'

export const DEMO_GATE_PORT = 8790

export interface DemoGate {
  config: unknown
  scanFifo: string
  statusUrl: string
}

export function gateConfigFor(edge: string, demo: DemoData, localDir: string): DemoGate {
  const scanFifo = join(localDir, 'scan.fifo')
  if (!existsSync(scanFifo)) execFileSync('mkfifo', ['-m', '600', scanFifo])
  const credentialFile = join(localDir, 'gate-credential')
  writeFileSync(credentialFile, `${demo.deviceCredential}\n`, { mode: 0o600 })

  const config = {
    edge: { url: edge, credentialFile },
    dataDir: join(localDir, 'gate-data'),
    verification: { skewSeconds: 30, maxStalenessSeconds: 900, offlineMode: 'refuse' },
    lanes: [
      {
        id: 1,
        group: 'demo-entrance',
        sources: [{ type: 'lines', path: scanFifo }],
        relay: { driver: 'simulated', channel: 1, pulseMs: 800, deadlineMs: 1000 },
        feedback: ['log', 'screen'],
      },
    ],
    // The demo's fire alarm is simulated: POST /fire-alarm/simulate on the gate's port.
    inputs: { fireAlarm: { driver: 'simulated' } },
    http: { host: '127.0.0.1', port: DEMO_GATE_PORT },
    heartbeat: { intervalSeconds: 30 },
    log: { level: 'info' },
  }
  return { config, scanFifo, statusUrl: `http://127.0.0.1:${DEMO_GATE_PORT}/status` }
}
