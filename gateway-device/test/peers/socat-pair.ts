// A pair of linked pseudo-terminals from socat: two device paths that behave like a cable.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitUntil } from './wait-until.ts'

/** Two link paths; whatever is written to one is read from the other. */
export class SocatPair {
  readonly a: string
  readonly b: string
  #process: ChildProcess | undefined

  private constructor(readonly dir: string) {
    this.a = join(dir, 'a')
    this.b = join(dir, 'b')
  }

  /** Makes a fresh directory and starts socat in it. */
  static async create(): Promise<SocatPair> {
    const pair = new SocatPair(await mkdtemp(join(tmpdir(), 'greengate-pty-')))
    await pair.start()
    return pair
  }

  get running(): boolean {
    return this.#process !== undefined
  }

  /** Starts socat on the same link paths (again, after `kill()`). */
  async start(): Promise<void> {
    if (this.#process) return
    const args = ['-d', '-d', `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`]
    const child = spawn('socat', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err) => {
        reject(new Error('socat did not start (apt-get install socat)', { cause: err }))
      })
    })
    this.#process = child
    await Promise.race([
      failed,
      waitUntil(() => stderr.includes('starting data transfer loop'), 'socat to link the ptys'),
    ])
  }

  /** Stops socat: both paths disappear, as when a USB device is unplugged. */
  async kill(): Promise<void> {
    const child = this.#process
    this.#process = undefined
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    await waitUntil(() => !existsSync(this.a) && !existsSync(this.b), 'socat to remove its links')
  }

  async dispose(): Promise<void> {
    await this.kill()
    await rm(this.dir, { recursive: true, force: true })
  }
}
