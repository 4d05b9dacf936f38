import { env } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { primary } from '../../src/db/client.ts'
import { purgeOldDeclarations } from '../../src/services/declaration-purge.ts'
import { addPerson, api, signInResident, submitApplication } from '../helpers/resident.ts'
import { rows } from './fixtures.ts'

const DAY = 86_400
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0)
const START = T0 / 1000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => vi.useRealTimers())

async function decide(
  applicationId: string,
  status: 'approved' | 'rejected',
  decidedAt: number,
): Promise<void> {
  await env.DB.prepare(
    'UPDATE applications SET status = ?, decided_at = ?, reject_reason = ? WHERE id = ?',
  )
    .bind(status, decidedAt, status === 'rejected' ? '信息不全' : null, applicationId)
    .run()
}

describe('purgeOldDeclarations', () => {
  it('forgets details and declarations of decided and superseded versions past retention, keeping history', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const v1 = await submitApplication(token, person.id) // superseded by v2
    const v2 = await submitApplication(token, person.id, { declaration: { symptoms: ['cough'] } })
    await decide(v2.id, 'rejected', START + DAY)
    const v3 = await submitApplication(token, person.id)
    await decide(v3.id, 'approved', START + 20 * DAY)
    const other = await addPerson(token)
    const pending = await submitApplication(token, other.id)

    const now = START + 40 * DAY
    const purged = await purgeOldDeclarations(primary(env), 28 * DAY, now)
    expect(purged).toBe(2) // v1 (superseded on day 0) and v2 (decided on day 1)

    const list = await api<{
      applications: {
        id: string
        details: unknown
        declaration: unknown
        status: string
        rejectReason: string | null
      }[]
    }>(`/people/${person.id}/applications`, { token })
    expect(
      list.body.applications.map((a) => [
        a.id,
        a.status,
        a.details === null,
        a.declaration === null,
        a.rejectReason,
      ]),
    ).toEqual([
      [v3.id, 'approved', false, false, null],
      [v2.id, 'rejected', true, true, '信息不全'],
      [v1.id, 'superseded', true, true, null],
    ])
    const [kept] = await rows<{ declaration: string }>(
      'SELECT declaration FROM applications WHERE id = ?',
      pending.id,
    )
    expect(kept?.declaration).not.toBe('{}')
    const stored = await rows<{ details: string; declaration: string }>(
      'SELECT details, declaration FROM applications WHERE id IN (?, ?)',
      v1.id,
      v2.id,
    )
    expect(stored).toEqual([
      { details: '{}', declaration: '{}' },
      { details: '{}', declaration: '{}' },
    ])
  })

  it('does nothing twice, and never touches pending applications however old', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token)
    const app = await submitApplication(token, person.id)
    const far = START + 400 * DAY
    await purgeOldDeclarations(primary(env), 28 * DAY, far)
    expect(await purgeOldDeclarations(primary(env), 28 * DAY, far)).toBe(0)
    const [row] = await rows<{ declaration: string }>(
      'SELECT declaration FROM applications WHERE id = ?',
      app.id,
    )
    expect(row?.declaration).not.toBe('{}')
  })
})
