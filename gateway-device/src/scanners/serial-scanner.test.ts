// The serial scanner over a real pty pair: unplugged, replugged, absent at start.
import { pino } from 'pino'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { ScannerWriter } from '../../test/peers/scanner-writer.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { waitUntil } from '../../test/peers/wait-until.ts'
import type { Scan } from './scan-source.ts'
import { SerialScanner } from './serial-scanner.ts'

const logger = pino({ level: 'silent' })
let pair: SocatPair
let writer: ScannerWriter | undefined
let scanner: SerialScanner
let scans: Scan[]

beforeEach(async () => {
  pair = await SocatPair.create()
  scanner = new SerialScanner({
    path: pair.a,
    lane: 1,
    reconnectInitialMs: 20,
    reconnectMaxMs: 80,
    logger,
  })
  scans = []
})

afterEach(async () => {
  await scanner.stop()
  await writer?.close()
  writer = undefined
  await pair.dispose()
})

async function plugIn(): Promise<ScannerWriter> {
  await pair.start()
  writer = await ScannerWriter.open(pair.b)
  await waitUntil(() => scanner.connected, 'the scanner to reconnect', 3000)
  return writer
}

async function unplug(): Promise<void> {
  await writer?.close()
  writer = undefined
  await pair.kill()
  await waitUntil(() => !scanner.connected, 'the scanner to notice the unplug', 3000)
}

test('reconnects by itself after the device disappears and reappears at the same path', async () => {
  writer = await ScannerWriter.open(pair.b)
  await scanner.start((scan) => scans.push(scan))
  await writer.write('before\n')
  await waitUntil(() => scans.length === 1, 'the first scan')

  await unplug()
  await plugIn()
  await writer.write('after\n')

  await waitUntil(() => scans.length === 2, 'a scan after the reconnect')
  expect(scans.map((scan) => scan.text)).toEqual(['before', 'after'])
})

test('survives being unplugged twice in a row', async () => {
  writer = await ScannerWriter.open(pair.b)
  await scanner.start((scan) => scans.push(scan))

  await unplug()
  await plugIn()
  await unplug()
  await plugIn()
  await writer?.write('third time\n')

  await waitUntil(() => scans.length === 1, 'a scan after two reconnects')
  expect(scans[0]?.text).toBe('third time')
})

test('discards a line cut off by the unplug instead of gluing it to the next', async () => {
  writer = await ScannerWriter.open(pair.b)
  await scanner.start((scan) => scans.push(scan))
  await writer.write('half-a-co')
  await new Promise((resolve) => setTimeout(resolve, 20))

  await unplug()
  await plugIn()
  await writer?.write('whole\n')

  await waitUntil(() => scans.length === 1, 'the scan after the reconnect')
  expect(scans[0]?.text).toBe('whole')
})

test('starts while the scanner is absent, and connects once it appears', async () => {
  await pair.kill()

  await scanner.start((scan) => scans.push(scan))
  expect(scanner.connected).toBe(false)
  await plugIn()
  await writer?.write('late arrival\n')

  await waitUntil(() => scans.length === 1, 'the scan from the late scanner')
})

test('stops retrying once stopped', async () => {
  await pair.kill()
  await scanner.start((scan) => scans.push(scan))

  await scanner.stop()
  await pair.start()
  await new Promise((resolve) => setTimeout(resolve, 200))

  expect(scanner.connected).toBe(false)
})

test('names the bad option when misconfigured', () => {
  expect(() => new SerialScanner({ path: pair.a, lane: 0, logger })).toThrow(/lane/)
  expect(
    () =>
      new SerialScanner({
        path: pair.a,
        lane: 1,
        reconnectInitialMs: 50,
        reconnectMaxMs: 10,
        logger,
      }),
  ).toThrow(/reconnect/)
})
