// Gate: code text -> decision (signature, claims, revocation, anti-passback) vs a raw verify.
import { verify } from 'node:crypto'
import { decodeBase64url } from '@greengate/shared'
import type { Bench } from '../harness/bench.ts'
import { formatMicros, type Row } from '../harness/row.ts'
import { summarize, timeRatio } from '../harness/stats.ts'
import { interleave, timeEach } from '../harness/timing.ts'
import { createMinter, mintMany } from './fixtures/code-minter.ts'
import { deciderRig } from './fixtures/decider-rig.ts'

const BAR_RATIO = 1.5
const BAR_P99_US = 1000

export const codeDecisionBench: Bench = {
  id: 'gate.code-decision',
  async run({ quick, log }) {
    const now = Math.floor(Date.now() / 1000)
    const minter = await createMinter()
    const codes = await mintMany(minter, quick ? 500 : 2000, now)
    const revoked = quick ? 100_000 : 1_000_000
    const { decider } = deciderRig(minter, { revoked, now })
    // The floor gets what a raw verify needs, decoded beforehand: nothing but the signature.
    const raw = codes.map(({ code }) => {
      const [header, payload, signature] = code.split('.') as [string, string, string]
      return {
        input: Buffer.from(`${header}.${payload}`),
        signature: decodeBase64url(signature) as Uint8Array,
      }
    })
    const key = { key: minter.publicKey, dsaEncoding: 'ieee-p1363' as const }
    const scans = codes.map(({ qrText }) => ({
      lane: 1,
      source: 'bench',
      text: qrText,
      receivedAt: 0,
    }))

    let passes = 0
    const subject = () =>
      timeEach(scans.length, (i) => {
        if (decider.decide(scans[i] as (typeof scans)[number]).decision === 'pass') passes++
      })
    let verified = 0
    const floor = () =>
      timeEach(raw.length, (i) => {
        const { input, signature } = raw[i] as (typeof raw)[number]
        if (verify('sha256', input, key, signature)) verified++
      })
    log(`code->decision: ${codes.length} codes, ${revoked} revoked subjects and codes cached`)
    const samples = await interleave({ subject, floor, rounds: quick ? 4 : 10, warmupRounds: 2 })
    if (passes === 0 || verified === 0) throw new Error('no code passed: the rig is broken')

    const s = summarize(samples.subject)
    const f = summarize(samples.floor)
    const ratio = timeRatio(s.median, f.median)
    const row: Row = {
      id: this.id,
      path: 'gate: code text -> decision',
      subject: `p50 ${formatMicros(s.median)}, p99 ${formatMicros(s.p99)}`,
      floor: `node:crypto ES256 verify p50 ${formatMicros(f.median)}`,
      ratio,
      bar: `<= ${BAR_RATIO}x, p99 < 1 ms`,
      pass: ratio <= BAR_RATIO && s.p99 < BAR_P99_US,
      figures: { subjectUs: s, floorUs: f, codes: codes.length, cachedRevocations: revoked * 2 },
      note: 'medians compared; every scan passed (anti-passback checked and recorded)',
    }
    return [row]
  },
}
