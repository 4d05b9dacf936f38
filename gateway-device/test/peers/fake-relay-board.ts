// Plays an LCUS/CH340 USB relay board on the far end of a pty: decodes frames, keeps state.
import { SerialPort } from 'serialport'
import { decodeLcusCommand, type LcusCommand } from '../../src/relays/lcus-frame.ts'

export class FakeRelayBoard {
  /** Every valid command received, in order. */
  readonly commands: LcusCommand[] = []
  /** Bytes that did not form a valid frame and were skipped. */
  skipped = 0
  readonly #state = new Map<number, boolean>()
  readonly #port: SerialPort
  #pending = Buffer.alloc(0)

  private constructor(port: SerialPort) {
    this.#port = port
    port.on('data', (data: Buffer) => this.#receive(data))
    port.on('error', () => undefined)
  }

  static async open(path: string): Promise<FakeRelayBoard> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(err) : resolve()))
    })
    return new FakeRelayBoard(port)
  }

  isEnergised(channel: number): boolean {
    return this.#state.get(channel) === true
  }

  async close(): Promise<void> {
    if (!this.#port.isOpen) return
    await new Promise<void>((resolve) => this.#port.close(() => resolve()))
  }

  /** Frames are 4 bytes; on a bad one, slide one byte and look again, as a real board resyncs. */
  #receive(data: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, data])
    while (this.#pending.length >= 4) {
      const command = decodeLcusCommand(this.#pending.subarray(0, 4))
      if (!command) {
        this.skipped += 1
        this.#pending = this.#pending.subarray(1)
        continue
      }
      this.commands.push(command)
      this.#state.set(command.channel, command.energised)
      this.#pending = this.#pending.subarray(4)
    }
  }
}
