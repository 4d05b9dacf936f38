// Demo data for the local start: staff, a checkpoint, a gate device and an approved
// resident, made through the real API (except the first admin, who has to exist first).
import type { CheckpointPolicy, IdentityDocument, Relationship } from '@greengate/shared'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeStaff } from './staff-sql.ts'

export interface DemoAdmin {
  username: string
  password: string
}

export interface DemoData extends EnrolledGate {
  reviewer: DemoAdmin
  /**
   * The demo resident and the session seeding signed them in with, kept so `demo:scan` needs
   * no new SMS code (a number may ask for one a minute). Development only, in a 0600 file.
   */
  resident: { phone: string; personId: string; token?: string }
}

interface DemoState {
  admin?: DemoAdmin
  demo?: DemoData
}

/** A checkpoint with one gate device enrolled at it. */
export interface EnrolledGate {
  checkpointId: string
  deviceId: string
  deviceCredential: string
}

const DEMO_PHONE = '13900000001'

/** Writes (or resets) the demo admin straight into the local D1, so its password always works. */
export async function ensureDemoAdmin(
  root: string,
  localDir: string,
  env: NodeJS.ProcessEnv,
): Promise<DemoAdmin> {
  const state = readState(localDir)
  const admin = state.admin ?? { username: 'admin', password: demoPassword() }
  await writeStaff(
    { root, where: 'local', env },
    [{ ...admin, displayName: '演示管理员', role: 'admin' }],
    'replace',
  )
  writeState(localDir, { ...state, admin })
  return admin
}

/** Reuses the demo data of an earlier start while its device credential still works. */
export async function ensureDemoData(
  edge: string,
  localDir: string,
  admin: DemoAdmin,
): Promise<DemoData> {
  const state = readState(localDir)
  if (state.demo !== undefined && (await deviceStillWorks(edge, state.demo.deviceCredential))) {
    return state.demo
  }

  const client = new ApiClient(edge)
  const adminToken = (await client.post<{ token: string }>('/staff/login', admin)).token
  const reviewer = { username: 'reviewer', password: demoPassword() }
  await createOrResetReviewer(client, adminToken, reviewer)

  const gate = await enrolGate(client, adminToken, {
    checkpoint: '余杭区 良渚地铁站 A 口',
    address: '杭州市余杭区良渚街道',
    policy: {
      allowedColours: ['green'],
      acceptsPrinted: true,
      staffed: true,
      antiPassbackSeconds: 30,
    },
    device: 'A 口 1 号闸机',
  })
  const resident = await approvedResident(client, adminToken)

  const demo: DemoData = { reviewer, ...gate, resident }
  writeState(localDir, { ...state, demo })
  return demo
}

/** Creates a checkpoint with `policy` and enrols one gate device there. */
export async function enrolGate(
  client: ApiClient,
  adminToken: string,
  site: { checkpoint: string; address: string; policy: CheckpointPolicy; device: string },
): Promise<EnrolledGate> {
  const { checkpoint } = await client.post<{ checkpoint: { id: string } }>(
    '/admin/checkpoints',
    { name: site.checkpoint, address: site.address, policy: site.policy },
    adminToken,
  )
  const enrolled = await client.post<{ device: { id: string }; credential: string }>(
    `/admin/checkpoints/${checkpoint.id}/devices`,
    { name: site.device },
    adminToken,
  )
  return {
    checkpointId: checkpoint.id,
    deviceId: enrolled.device.id,
    deviceCredential: enrolled.credential,
  }
}

/** Adds 王小明, holding `document`, to the signed-in resident's account. */
export function addDemoPerson(
  client: ApiClient,
  residentToken: string,
  document: IdentityDocument,
  relationship: Relationship,
): Promise<{ id: string; status: string }> {
  return client.post<{ id: string; status: string }>(
    '/people',
    { name: '王小明', document, address: '浙江省杭州市余杭区良渚街道 1 号', relationship },
    residentToken,
  )
}

/** Applies for the person with a healthy declaration, and approves them green for 30 days. */
export async function approveGreen(
  client: ApiClient,
  personId: string,
  tokens: { resident: string; admin: string },
): Promise<void> {
  const application = await client.post<{ id: string }>(
    `/people/${personId}/applications`,
    {
      declaration: {
        temperatureCelsius: 36.5,
        symptoms: ['none'],
        regionsVisited: [],
        confirmedContact: false,
      },
    },
    tokens.resident,
  )
  await client.post(
    `/review/applications/${application.id}/approve`,
    { colour: 'green', validDays: 30 },
    tokens.admin,
  )
}

/** A resident who applied for themself and was approved green for 30 days. */
async function approvedResident(
  client: ApiClient,
  adminToken: string,
): Promise<DemoData['resident']> {
  const residentToken = await client.signInResident(DEMO_PHONE)
  const existing = await client.get<{ people: { id: string; status: string }[] }>(
    '/people',
    residentToken,
  )
  const person =
    existing.people[0] ??
    (await addDemoPerson(
      client,
      residentToken,
      { type: 'id_card', number: '330110199001011234' },
      'self',
    ))
  if (person.status !== 'approved') {
    await approveGreen(client, person.id, { resident: residentToken, admin: adminToken })
  }
  return { phone: DEMO_PHONE, personId: person.id, token: residentToken }
}

async function createOrResetReviewer(
  client: ApiClient,
  adminToken: string,
  reviewer: DemoAdmin,
): Promise<void> {
  const { staff } = await client.get<{ staff: { id: string; username: string }[] }>(
    '/admin/staff',
    adminToken,
  )
  const found = staff.find((s) => s.username === reviewer.username)
  if (found === undefined) {
    await client.post(
      '/admin/staff',
      { ...reviewer, displayName: '演示审核员', role: 'reviewer' },
      adminToken,
    )
  } else {
    await client.send(
      'PATCH',
      `/admin/staff/${found.id}`,
      { password: reviewer.password, disabled: false },
      adminToken,
    )
  }
}

async function deviceStillWorks(edge: string, credential: string): Promise<boolean> {
  const res = await fetch(`${edge}/device/config`, {
    headers: { authorization: `Bearer ${credential}` },
  })
  return res.ok
}

/** Readable but random: demo passwords are printed, never fixed in the source. */
function demoPassword(): string {
  return `demo-${randomBytes(9).toString('base64url')}`
}

function readState(localDir: string): DemoState {
  const path = join(localDir, 'demo.json')
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoState) : {}
}

/** Keeps a new session of the demo resident for the next `demo:scan`. */
export function saveDemoResidentToken(localDir: string, token: string): void {
  const state = readState(localDir)
  if (state.demo === undefined) return
  writeState(localDir, {
    ...state,
    demo: { ...state.demo, resident: { ...state.demo.resident, token } },
  })
}

function writeState(localDir: string, state: DemoState): void {
  writeFileSync(join(localDir, 'demo.json'), JSON.stringify(state, null, 2), { mode: 0o600 })
}

/** A non-2xx answer, with its status for callers that handle one (demo:scan's 401 and 429). */
export class ApiError extends Error {
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

/** Just enough of an API client for seeding; any non-2xx answer stops the start with its error. */
export class ApiClient {
  readonly base: string

  constructor(base: string) {
    this.base = base
  }

  get<T>(path: string, token?: string): Promise<T> {
    return this.send<T>('GET', path, undefined, token)
  }

  post<T = unknown>(path: string, body: unknown, token?: string): Promise<T> {
    return this.send<T>('POST', path, body, token)
  }

  async send<T = unknown>(method: string, path: string, body: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    const init: RequestInit = { method, headers }
    if (body !== undefined) init.body = JSON.stringify(body)
    const res = await fetch(`${this.base}${path}`, init)
    const text = await res.text()
    if (!res.ok) throw new ApiError(res.status, `${method} ${path} answered ${res.status}: ${text}`)
    return (text === '' ? undefined : JSON.parse(text)) as T
  }

  /** Signs in through the development SMS inbox. */
  async signInResident(phone: string): Promise<string> {
    await this.post('/auth/otp', { phone })
    const inbox = await this.get<{ messages: { message: string }[] }>(
      `/dev/sms-inbox?phone=${phone}`,
    )
    const code = /\b(\d{6})\b/.exec(inbox.messages[0]?.message ?? '')?.[1]
    if (code === undefined) throw new Error('no one-time code in the development inbox')
    return (await this.post<{ token: string }>('/auth/login', { phone, code })).token
  }
}
