// End-to-end support: the real Worker on loopback, seeded through its own API as a district
// would: an admin, a checkpoint with an enrolled gate, and residents approved green.
import { randomBytes, randomInt } from 'node:crypto'
import {
  idCardCheckChar,
  issuedCodeSchema,
  personRevokedSchema,
  statsSchema,
  type IssuedCode,
  type Stats,
} from '@greengate/shared'
import { ApiClient, approveGreen, enrolGate } from '../../../scripts/lib/demo-data.ts'
import { startLocalEdge, writeEdgeStaff, type LocalEdge } from '../../../scripts/lib/local-edge.ts'

export interface Resident {
  phone: string
  personId: string
  /** The resident's session, to fetch their current code. */
  token: string
}

export interface EdgeWorld {
  edge: LocalEdge
  client: ApiClient
  adminToken: string
  checkpointId: string
  /** The enrolled gate's `gd_...` credential. */
  deviceCredential: string
  /** Signs in a new resident through the development SMS inbox; applies; an admin approves. */
  approvedResident(name: string): Promise<Resident>
  /** The resident's current phone code, as their page fetches it. */
  currentCode(resident: Resident): Promise<IssuedCode>
  /** An admin revokes the person: every code issued until now dies. */
  revoke(resident: Resident): Promise<{ revokedThrough: number }>
  stats(): Promise<Stats>
  dispose(): Promise<void>
}

export interface EdgeWorldOptions {
  /** Seconds the checkpoint refuses the same person again. */
  antiPassbackSeconds: number
}

export async function startEdgeWorld(options: EdgeWorldOptions): Promise<EdgeWorld> {
  const edge = await startLocalEdge()
  try {
    return await seed(edge, options)
  } catch (err) {
    await edge.dispose()
    throw err
  }
}

async function seed(edge: LocalEdge, options: EdgeWorldOptions): Promise<EdgeWorld> {
  const admin = { username: 'admin.e2e', password: `pw-${randomBytes(12).toString('base64url')}` }
  await writeEdgeStaff(edge, [{ ...admin, displayName: '端到端管理员', role: 'admin' }], 'fail')

  const client = new ApiClient(edge.url)
  const adminToken = (await client.post<{ token: string }>('/staff/login', admin)).token
  const gate = await enrolGate(client, adminToken, {
    checkpoint: '端到端测试口',
    address: '杭州市余杭区良渚街道',
    policy: {
      allowedColours: ['green'],
      acceptsPrinted: true,
      staffed: true,
      antiPassbackSeconds: options.antiPassbackSeconds,
    },
    device: '端到端闸机',
  })

  let residents = 0
  return {
    edge,
    client,
    adminToken,
    checkpointId: gate.checkpointId,
    deviceCredential: gate.deviceCredential,
    approvedResident: (name) => approvedResident(client, adminToken, ++residents, name),
    currentCode: async (resident) =>
      issuedCodeSchema.parse(await client.get(`/people/${resident.personId}/code`, resident.token)),
    revoke: async (resident) =>
      personRevokedSchema.parse(
        await client.post(
          `/admin/people/${resident.personId}/revoke`,
          { reason: 'end-to-end test: revoked at the gate' },
          adminToken,
        ),
      ),
    stats: async () => statsSchema.parse(await client.get('/admin/stats', adminToken)),
    dispose: () => edge.dispose(),
  }
}

async function approvedResident(
  client: ApiClient,
  adminToken: string,
  index: number,
  name: string,
): Promise<Resident> {
  const phone = `139${String(index).padStart(8, '0')}`
  const token = await client.signInResident(phone)
  const person = await client.post<{ id: string }>(
    '/people',
    {
      name,
      document: { type: 'id_card', number: idCardNumber() },
      address: '浙江省杭州市余杭区良渚街道 1 号',
      relationship: 'self',
    },
    token,
  )
  await approveGreen(client, person.id, { resident: token, admin: adminToken })
  return { phone, personId: person.id, token }
}

/** A valid resident ID card number: Yuhang, born 1990-01-01, a random sequence. */
function idCardNumber(): string {
  const first17 = `33011019900101${String(randomInt(1000)).padStart(3, '0')}`
  return first17 + idCardCheckChar(first17)
}
