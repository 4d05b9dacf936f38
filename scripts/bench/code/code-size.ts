// Code size: the QR version (level M) of the numeric form, and the JWS text, at their longest.
import QRCode from 'qrcode'
import type { Bench } from '../harness/bench.ts'
import type { Row } from '../harness/row.ts'
import { summarize } from '../harness/stats.ts'
import { createMinter } from '../gate/fixtures/code-minter.ts'

const BAR_VERSION = 11
const BAR_CHARS = 300

/** Masked names as shortMask leaves them: common, two-character, none, and rare 4-byte ones. */
const MASKS = ['王*明', '欧*娜', '李*', '', '𠀀*𠀁', '𪚥*𠮷']

export const codeSizeBench: Bench = {
  id: 'code.size',
  async run({ quick }) {
    const minter = await createMinter()
    const perMask = quick ? 20 : 100
    let longest = { chars: 0, version: 0, byteModeVersion: 0, mask: '' }
    let longestCommon = { chars: 0, version: 0 }
    // The Worker's signCodeFor (jose over WebCrypto ES256) as Node runs it: for the capacity
    // model's CPU per signature.
    const signMs: number[] = []
    for (const mask of MASKS) {
      for (let i = 0; i < perMask; i++) {
        const started = performance.now()
        const { code, qrText } = await minter.mint({ nameMasked: mask })
        signMs.push(performance.now() - started)
        const version = QRCode.create(qrText, { errorCorrectionLevel: 'M' }).version
        if (code.length > longest.chars || version > longest.version) {
          const byteModeVersion = QRCode.create(code, { errorCorrectionLevel: 'M' }).version
          longest = { chars: code.length, version, byteModeVersion, mask }
        }
        // Names written in the common (BMP) characters: nearly everyone.
        if (!/[\u{10000}-\u{10FFFF}]/u.test(mask) && code.length > longestCommon.chars) {
          longestCommon = { chars: code.length, version }
        }
      }
    }
    const row: Row = {
      id: this.id,
      path: 'code size: QR version (level M), JWS text',
      subject:
        `v${longest.version} numeric; JWS ${longestCommon.chars} chars ` +
        `(${longest.chars} with a 4-byte character in the name)`,
      floor: `v${longest.byteModeVersion} as plain JWS text (byte mode)`,
      ratio: null,
      bar: `<= v${BAR_VERSION}; JWS < ${BAR_CHARS} chars`,
      pass: longest.version <= BAR_VERSION && longestCommon.chars < BAR_CHARS,
      figures: {
        longest,
        longestCommon,
        codesPerMask: perMask,
        masks: MASKS,
        signCodeForUs: summarize(signMs.slice(10)).median * 1000,
      },
      note: "signed by the Worker's signCodeFor, real claims; version from the qrcode package",
    }
    return [row]
  },
}
