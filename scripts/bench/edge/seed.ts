// Seeds an edge through its API: an admin, a checkpoint, a gate device and approved people.
import { randomBytes } from 'node:crypto'
import { ApiClient, addDemoPerson, approveGreen, enrolGate } from '../../lib/demo-data.ts'
import { OFFLINE_WRANGLER_ENV } from '../../lib/dev-env.ts'
import { writeStaff } from '../../lib/staff-sql.ts'

export interface Seeded {
  client: ApiClient
  adminToken: string
  checkpointId: string
  deviceId: string
  deviceCredential: string
  /** A resident session and the account's people, all approved green. */
  residentToken: string
  personIds: string[]
}

/**
 * `persistTo` is the edge's D1 state: the first admin is written straight into it, as
 * `npm start` does, and everything else goes through the API.
 */
export async function seedEdge(options: {
  url: string
  root: string
  persistTo: string
  people: number
  antiPassbackSeconds?: number
}): Promise<Seeded> {
  const admin = {
    username: 'benchadmin',
    password: `bench-${randomBytes(9).toString('base64url')}`,
  }
  await writeStaff(
    {
      root: options.root,
      where: 'local',
      persistTo: options.persistTo,
      env: { ...OFFLINE_WRANGLER_ENV },
    },
    [{ ...admin, displayName: 'Bench admin', role: 'admin' }],
    'replace',
  )
  const client = new ApiClient(options.url)
  const adminToken = (await client.post<{ token: string }>('/staff/login', admin)).token
  const gate = await enrolGate(client, adminToken, {
    checkpoint: 'Bench station',
    address: 'Bench address',
    policy: {
      allowedColours: ['green'],
      acceptsPrinted: true,
      staffed: false,
      antiPassbackSeconds: options.antiPassbackSeconds ?? 30,
    },
    device: 'Bench gate',
  })

  const residentToken = await client.signInResident(`139${String(Date.now()).slice(-8)}`)
  const personIds: string[] = []
  for (let i = 0; i < options.people; i++)
    personIds.push(await approvedPerson(client, residentToken, adminToken, i))
  return { client, adminToken, ...gate, residentToken, personIds }
}

/** One more person on the account (a passport holder), applied and approved green. */
export async function approvedPerson(
  client: ApiClient,
  residentToken: string,
  adminToken: string,
  n: number,
): Promise<string> {
  const passport = `E${randomBytes(4).readUInt32BE(0) % 1e8}`.padEnd(9, '7')
  const person = await addDemoPerson(
    client,
    residentToken,
    { type: 'passport', number: passport },
    n === 0 ? 'self' : 'other',
  )
  await approveGreen(client, person.id, { resident: residentToken, admin: adminToken })
  return person.id
}
