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

    // Rounds of 100 codes: subject and floor alternate every few milliseconds.
    const perRound = 100
    let next = { subject: 0, floor: 0 }
    let passes = 0
    let decided = 0
    const subject = () => {
      const from = next.subject
      next.subject = (from + perRound) % scans.length
      return timeEach(perRound, (i) => {
        decided++
        const scan = scans[(from + i) % scans.length] as (typeof scans)[number]
        if (decider.decide(scan).decision === 'pass') passes++
      })
    }
    let verified = 0
    const floor = () => {
      const from = next.floor
      next.floor = (from + perRound) % raw.length
      return timeEach(perRound, (i) => {
        const { input, signature } = raw[(from + i) % raw.length] as (typeof raw)[number]
        if (verify('sha256', input, key, signature)) verified++
      })
    }
    log(`code->decision: ${codes.length} codes, ${revoked} revoked subjects and codes cached`)
    const rounds = ((quick ? 2 : 10) * codes.length) / perRound
    const samples = await interleave({ subject, floor, rounds, warmupRounds: 20 })
    if (passes !== decided || verified === 0) {
      throw new Error(
        `${decided - passes} of ${decided} valid codes were refused: the rig is broken`,
      )
    }

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
