import { parseCode, codeFromScannedText } from '@greengate/shared'
import { createMinter, mintMany } from '../gate/fixtures/code-minter.ts'
import { writeKey } from '../../../gateway-device/src/store/record-key.ts'
const minter = await createMinter()
const codes = await mintMany(minter, 2000)
const k = new Uint32Array(3)
for (const [name, f] of [
  ['digits', (c: any) => codeFromScannedText(c.qrText)],
  ['parse', (c: any) => parseCode(c.code)],
  [
    'key',
    (c: any) => {
      writeKey(c.claims.sub, k, 0)
      writeKey(c.claims.jti, k, 0)
    },
  ],
] as const) {
  for (let r = 0; r < 3; r++) {
    const t = performance.now()
    for (let i = 0; i < 20000; i++) f(codes[i % 2000])
    console.log(name, (((performance.now() - t) / 20000) * 1000).toFixed(2), 'us')
  }
}
