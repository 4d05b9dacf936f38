// The behaviour every ScanSource must show; each source's test runs it against a real writer.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { waitUntil } from '../../test/peers/wait-until.ts'
import type { Scan, ScanSource } from './scan-source.ts'

export interface ScanSourceHarness {
  /** A source on lane 3, not yet started. */
  source: ScanSource
  /** Sends bytes as the scanner (or the person typing) would; one call may arrive as one chunk. */
  write(bytes: Uint8Array | string): Promise<void>
  dispose(): Promise<void>
}

export function describeScanSourceContract(
  label: string,
  makeHarness: () => Promise<ScanSourceHarness>,
): void {
  describe(`${label} honours the ScanSource contract`, () => {
    let harness: ScanSourceHarness
    let scans: Scan[]

    beforeEach(async () => {
      harness = await makeHarness()
      scans = []
      await harness.source.start((scan) => scans.push(scan))
    })

    afterEach(async () => {
      await harness.source.stop()
      await harness.dispose()
    })

    const texts = () => scans.map((scan) => scan.text)
    const expectScans = async (count: number) => {
      await waitUntil(() => scans.length >= count, `${count} scans`, 2000)
      expect(scans).toHaveLength(count)
    }

    test('reports a line with its lane, source name and time of receipt', async () => {
      const before = performance.now()
      await harness.write('HC1.abc.def\r\n')
      await expectScans(1)

      expect(scans[0]).toEqual({
        lane: 3,
        source: harness.source.name,
        text: 'HC1.abc.def',
        receivedAt: expect.any(Number),
      })
      expect(scans[0]?.receivedAt).toBeGreaterThanOrEqual(before)
      expect(scans[0]?.receivedAt).toBeLessThanOrEqual(performance.now())
    })

    test('ends lines at CR, LF or CRLF alike, even when CRLF is split across writes', async () => {
      await harness.write('one\r')
      await harness.write('\ntwo\nthree\r')
      await harness.write('four\r\n')
      await expectScans(4)

      expect(texts()).toEqual(['one', 'two', 'three', 'four'])
    })

    test('reassembles a line that arrives a few bytes at a time', async () => {
      for (const piece of ['ey', 'J0eX', 'AiOi', 'JKV1Qi', 'fQ', '\n']) await harness.write(piece)
      await expectScans(1)

      expect(texts()).toEqual(['eyJ0eXAiOiJKV1QifQ'])
    })

    test('drops noise bytes and skips empty lines', async () => {
      await harness.write('\x00\x02AB\x03\r\n\r\n\n\x00\r\n')
      await harness.write('CD\n')
      await expectScans(2)

      expect(texts()).toEqual(['AB', 'CD'])
    })

    test('reports an over-long line once as too_long, resyncing at its end', async () => {
      await harness.write(`${'x'.repeat(4096)}\n`)
      await harness.write(`${'y'.repeat(6000)}\nafter\n`)
      await expectScans(3)

      expect(scans.map(({ text, problem }) => ({ length: text.length, problem }))).toEqual([
        { length: 4096, problem: undefined },
        { length: 0, problem: 'too_long' },
        { length: 5, problem: undefined },
      ])
    })

    test('reports bytes that are not UTF-8 as not_utf8, and keeps real UTF-8 intact', async () => {
      const name = Buffer.from('张*明\n')
      await harness.write(Uint8Array.of(0x41, 0xff, 0xfe, 0x42, 0x0a))
      await harness.write(name.subarray(0, 2))
      await harness.write(name.subarray(2))
      await expectScans(2)

      expect(scans[0]).toMatchObject({ text: 'A\uFFFD\uFFFDB', problem: 'not_utf8' })
      expect(scans[1]).toMatchObject({ text: '张*明' })
      expect(scans[1]?.problem).toBeUndefined()
    })

    test('reports nothing after stop', async () => {
      await harness.source.stop()

      await harness.write('late\n').catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 50))

      expect(scans).toEqual([])
    })
  })
}
