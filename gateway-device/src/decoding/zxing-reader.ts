// Loads ZXing's WebAssembly reader once per process, from the installed package's own bytes.
// zxing-wasm's module type extends Emscripten's global types, which the tsconfig leaves out.
/// <reference types="emscripten" />
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { prepareZXingModule, ZXING_WASM_VERSION, type ZXingReaderModule } from 'zxing-wasm/reader'
import { DecoderError } from './decoder-error.ts'
import { checkPixmapReading } from './self-check.ts'

const WASM_EXPORT = 'zxing-wasm/reader/zxing_reader.wasm'

let loading: Promise<ZXingReaderModule> | undefined

/**
 * Answers the reader, instantiating it on the first call. zxing-wasm fetches its `.wasm` from a
 * CDN unless given the bytes, and a gate may have no network at all, so the bytes come from
 * the installed package. A failed load is forgotten, so a later call tries again.
 */
export function loadZxingReader(): Promise<ZXingReaderModule> {
  loading ??= instantiate().catch((err: unknown) => {
    loading = undefined
    throw err
  })
  return loading
}

async function instantiate(): Promise<ZXingReaderModule> {
  let reader: ZXingReaderModule
  try {
    const wasmPath = createRequire(import.meta.url).resolve(WASM_EXPORT)
    const bytes = await readFile(wasmPath)
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    reader = await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true })
  } catch (err) {
    throw new DecoderError(
      'DECODER_LOAD_FAILED',
      `could not load zxing-wasm ${ZXING_WASM_VERSION} from ${WASM_EXPORT}`,
      { cause: err },
    )
  }

  checkPixmapReading(reader)
  return reader
}
