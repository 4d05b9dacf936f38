// Runs modbus-rtu-peer.py (pymodbus) on a pty and talks to it over its stdin/stdout.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitUntil } from './wait-until.ts'

const SCRIPT = fileURLToPath(new URL('./modbus-rtu-peer.py', import.meta.url))
/** Debian's python3-pymodbus lives in the system interpreter's dist-packages. */
const PYTHON = process.env['GREENGATE_PYTHON'] ?? '/usr/bin/python3'

export type PeerFault = 'none' | `${'silent' | 'corrupt' | 'exception'} ${number | 'all'}`

export class ModbusPeer {
  readonly #child: ChildProcess
  readonly #lines: string[] = []
  #stderr = ''

  private constructor(child: ChildProcess) {
    this.#child = child
    let partial = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n')
      partial = parts.pop() ?? ''
      this.#lines.push(...parts)
    })
    child.stderr?.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()))
  }

  static async start(port: string, options: { unit: number; coils: number }): Promise<ModbusPeer> {
    const { unit, coils } = options
    const args = [SCRIPT, '--port', port, '--unit', `${unit}`, '--coils', `${coils}`]
    const peer = new ModbusPeer(spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] }))
    await peer.#nextLine('ready')
    return peer
  }

  async coil(address: number): Promise<boolean> {
    const answer = await this.#ask(`coil ${address}`)
    return answer.endsWith(' 1')
  }

  async requests(): Promise<number> {
    return Number((await this.#ask('requests')).split(' ')[1])
  }

  async fault(fault: PeerFault): Promise<void> {
    await this.#ask(`fault ${fault}`)
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return
    const exited = new Promise((resolve) => this.#child.once('exit', resolve))
    this.#child.kill('SIGTERM')
    await exited
  }

  async #ask(command: string): Promise<string> {
    this.#child.stdin?.write(`${command}\n`)
    return this.#nextLine(command)
  }

  async #nextLine(what: string): Promise<string> {
    await waitUntil(
      () => this.#lines.length > 0 || this.#child.exitCode !== null,
      `the modbus peer to answer "${what}"`,
    )
    const line = this.#lines.shift()
    if (line === undefined || line.startsWith('error')) {
      throw new Error(`modbus peer failed on "${what}": ${line ?? this.#stderr.slice(-500)}`)
    }
    return line
  }
}
