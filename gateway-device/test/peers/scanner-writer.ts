// Plays a serial QR scanner module on the far end of a pty: writes bytes as the module would.
import { SerialPort } from 'serialport'

export class ScannerWriter {
  readonly #port: SerialPort

  private constructor(port: SerialPort) {
    this.#port = port
    port.on('error', () => undefined)
  }

  static async open(path: string): Promise<ScannerWriter> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(err) : resolve()))
    })
    return new ScannerWriter(port)
  }

  /** Writes `bytes` and waits until they have left for the pty. */
  async write(bytes: Uint8Array | string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#port.write(typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes))
      this.#port.drain((err) => (err ? reject(err) : resolve()))
    })
  }

  async close(): Promise<void> {
    if (!this.#port.isOpen) return
    await new Promise<void>((resolve) => this.#port.close(() => resolve()))
  }
}
