// Seeds an edge through its API: an admin, a checkpoint, a gate device and approved people.
import { randomBytes } from 'node:crypto'
import { ApiClient } from '../../lib/demo-data.ts'
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
  const policy = {
    allowedColours: ['green'],
    acceptsPrinted: true,
    staffed: false,
    antiPassbackSeconds: options.antiPassbackSeconds ?? 30,
  }
  const { checkpoint } = await client.post<{ checkpoint: { id: string } }>(
    '/admin/checkpoints',
    { name: 'Bench station', address: 'Bench address', policy },
    adminToken,
  )
  const enrolled = await client.post<{ device: { id: string }; credential: string }>(
    `/admin/checkpoints/${checkpoint.id}/devices`,
    { name: 'Bench gate' },
    adminToken,
  )

  const residentToken = await client.signInResident(`139${String(Date.now()).slice(-8)}`)
  const personIds: string[] = []
  for (let i = 0; i < options.people; i++)
    personIds.push(await approvedPerson(client, residentToken, adminToken, i))
  return {
    client,
    adminToken,
    checkpointId: checkpoint.id,
    deviceId: enrolled.device.id,
    deviceCredential: enrolled.credential,
    residentToken,
    personIds,
  }
}

/** One more person on the account (a passport holder), applied and approved green. */
export async function approvedPerson(
  client: ApiClient,
  residentToken: string,
  adminToken: string,
  n: number,
): Promise<string> {
  const person = await client.post<{ id: string }>(
    '/people',
    {
      name: '王小明',
      document: {
        type: 'passport',
        number: `E${randomBytes(4).readUInt32BE(0) % 1e8}`.padEnd(9, '7'),
      },
      address: '浙江省杭州市余杭区良渚街道 1 号',
      relationship: n === 0 ? 'self' : 'other',
    },
    residentToken,
  )
  const application = await client.post<{ id: string }>(
    `/people/${person.id}/applications`,
    {
      declaration: {
        temperatureCelsius: 36.5,
        symptoms: ['none'],
        regionsVisited: [],
        confirmedContact: false,
      },
    },
    residentToken,
  )
  await client.post(
    `/review/applications/${application.id}/approve`,
    { colour: 'green', validDays: 30 },
    adminToken,
  )
  return person.id
}
