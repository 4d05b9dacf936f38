// Runs the ScanSource contract against the serial scanner (over a pty) and the line source.
import { execFileSync } from 'node:child_process'
import { closeSync, constants, openSync, writeSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { pino } from 'pino'
import { ScannerWriter } from '../../test/peers/scanner-writer.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { LineSource } from './line-source.ts'
import { describeScanSourceContract } from './scan-source.contract.ts'
import { SerialScanner } from './serial-scanner.ts'

const logger = pino({ level: 'silent' })

describeScanSourceContract('serial-scanner (scanner module on a pty)', async () => {
  const pair = await SocatPair.create()
  const writer = await ScannerWriter.open(pair.b).catch(async (err: unknown) => {
    await pair.dispose()
    throw err
  })
  return {
    source: new SerialScanner({ path: pair.a, lane: 3, name: 'lane-3-scanner', logger }),
    write: (bytes) => writer.write(bytes),
    dispose: async () => {
      await writer.close()
      await pair.dispose()
    },
  }
})

describeScanSourceContract('line-source (FIFO)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'greengate-fifo-'))
  const path = join(dir, 'scans')
  execFileSync('mkfifo', [path])
  const source = new LineSource({ path, lane: 3, logger })
  let fd: number | undefined
  return {
    source,
    write: async (bytes) => {
      // Non-blocking, so a source that is not reading makes this fail (ENXIO), never hang.
      fd ??= openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)
      writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
      await new Promise((resolve) => setTimeout(resolve, 5))
    },
    dispose: async () => {
      if (fd !== undefined) closeSync(fd)
      await rm(dir, { recursive: true, force: true })
    },
  }
})

describeScanSourceContract('line-source (stdin-like stream)', async () => {
  const stream = new PassThrough()
  return {
    source: new LineSource({ stream, lane: 3, name: 'handheld', logger }),
    write: async (bytes) => {
      stream.write(bytes)
    },
    dispose: async () => {
      stream.destroy()
    },
  }
})
