// Reads QR symbols in a PNG with ZXing (WebAssembly), loaded from the installed package's own
// bytes: no network, as on a gate.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'

let ready: Promise<unknown> | undefined

function loadReader(): Promise<unknown> {
  ready ??= (async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')
    const bytes = await readFile(path)
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true })
  })()
  return ready
}

/** The texts of every QR symbol ZXing finds in the PNG. */
export async function readQrTexts(png: Uint8Array): Promise<string[]> {
  await loadReader()
  const results = await readBarcodes(
    new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    {
      formats: ['QRCode'],
      tryHarder: true,
    },
  )
  return results.filter((result) => result.isValid).map((result) => result.text)
}
