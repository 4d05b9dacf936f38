// Test helpers for the resident API: JSON requests, sign-in through the dev SMS inbox,
// and valid people and applications to build on.
import type {
  Application,
  HealthDeclarationInput,
  Person,
  PersonDetailsInput,
} from '@greengate/shared'
import { idCardCheckChar } from '@greengate/shared'
import { exports } from 'cloudflare:workers'

export interface ApiInit {
  /** GET unless a body is given, then POST. */
  method?: string
  /** Sent as JSON. */
  body?: unknown
  /** Sent verbatim (for malformed or oversize bodies); still labelled application/json. */
  rawBody?: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  headers?: Record<string, string>
}

export interface ApiResult<T> {
  status: number
  headers: Headers
  /** The parsed JSON answer (null when the answer was not JSON). */
  body: T
}

/** The error part of a failed answer, for `expect(errorOf(res).code)`. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    fields?: { path: string; code: string; message: string }[]
  }
}

/** Calls the Worker in-process with a JSON body and answers the parsed JSON. */
export async function api<T = unknown>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const headers = new Headers(init.headers)
  const hasBody = init.body !== undefined || init.rawBody !== undefined
  if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json')
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`)
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  const requestInit: RequestInit = { method: init.method ?? (hasBody ? 'POST' : 'GET'), headers }
  if (body !== undefined) requestInit.body = body

  const res = await exports.default.fetch(`http://gg.test${path}`, requestInit)
  const text = await res.text()
  let parsed: unknown = null
  try {
    parsed = text === '' ? null : JSON.parse(text)
  } catch {
    parsed = null
  }
  return { status: res.status, headers: res.headers, body: parsed as T }
}

/** The `error` of an error answer; fails loudly when the answer was not an error. */
export function errorOf(res: ApiResult<unknown>): ErrorBody['error'] {
  const body = res.body as Partial<ErrorBody> | null
  if (body?.error === undefined) throw new Error(`expected an error answer, got ${res.status}`)
  return body.error
}

/** A random valid mainland mobile number (139 + 8 random digits). */
export function randomPhone(): string {
  return `139${randomDigits(8)}`
}

/**
 * A random client address, so that each sign-in has its own per-address send limit (which
 * counts an IPv6 address by its /64, so the randomness is in the first 64 bits).
 * Only a header value (CF-Connecting-IP): nothing is sent anywhere.
 */
export function randomClientAddress(): string {
  return `2001:db8:${randomDigits(4)}:${randomDigits(4)}::1`
}

/** The newest SMS sent to `phone` in development, read from the dev inbox route. */
export async function latestSms(phone: string): Promise<string> {
  const res = await api<{ messages: { message: string }[] }>(`/dev/sms-inbox?phone=${phone}`)
  const newest = res.body.messages[0]
  if (res.status !== 200 || newest === undefined)
    throw new Error(`no SMS for the phone (${res.status})`)
  return newest.message
}

/** The 6-digit one-time code in the newest SMS to `phone`. */
export async function latestOtp(phone: string): Promise<string> {
  const code = /\b(\d{6})\b/.exec(await latestSms(phone))?.[1]
  if (code === undefined) throw new Error('the newest SMS holds no code')
  return code
}

export interface SignedInResident {
  token: string
  accountId: string
  phone: string
}

/** Requests a code, reads it from the dev inbox and logs in (creating the account). */
export async function signInResident(phone: string = randomPhone()): Promise<SignedInResident> {
  const headers = { 'cf-connecting-ip': randomClientAddress() }
  const sent = await api('/auth/otp', { body: { phone }, headers })
  if (sent.status !== 202)
    throw new Error(`OTP request failed: ${sent.status} ${JSON.stringify(sent.body)}`)
  const code = await latestOtp(phone)
  const login = await api<{ token: string; account: { id: string } }>('/auth/login', {
    body: { phone, code },
    headers,
  })
  if (login.status !== 200)
    throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`)
  return { token: login.body.token, accountId: login.body.account.id, phone }
}

/**
 * A valid resident ID card number: Yuhang (330110) unless told, the birth date given
 * (YYYYMMDD) or a random one in 1950-2009, a random sequence and the right check character.
 */
export function validIdCardNumber(options: { region?: string; birth?: string } = {}): string {
  const region = options.region ?? '330110'
  const birth =
    options.birth ?? `${1950 + randomInt(60)}${pad2(1 + randomInt(12))}${pad2(1 + randomInt(28))}`
  const first17 = `${region}${birth}${randomDigits(3)}`
  return `${first17}${idCardCheckChar(first17)}`
}

/** Valid details for a dependant (a child with an ID card); override any field. */
export function personDetails(overrides: Partial<PersonDetailsInput> = {}): PersonDetailsInput {
  return {
    name: '张三明',
    document: { type: 'id_card', number: validIdCardNumber() },
    address: '浙江省杭州市余杭区文一西路 1 号',
    relationship: 'child',
    ...overrides,
  }
}

/** Adds a person to the signed-in account; answers the person as the API returns it. */
export async function addPerson(
  token: string,
  overrides: Partial<PersonDetailsInput> = {},
): Promise<Person> {
  const res = await api<Person>('/people', { token, body: personDetails(overrides) })
  if (res.status !== 201)
    throw new Error(`adding a person failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** A healthy declaration: 36.5 °C, no symptoms, no travel, no contact; override any field. */
export function declaration(
  overrides: Partial<HealthDeclarationInput> = {},
): HealthDeclarationInput {
  return {
    temperatureCelsius: 36.5,
    symptoms: ['none'],
    regionsVisited: [],
    confirmedContact: false,
    ...overrides,
  }
}

export interface ApplicationOverrides {
  details?: PersonDetailsInput
  declaration?: Partial<HealthDeclarationInput>
}

/** Submits an application for `personId` (healthy declaration unless told); answers it. */
export async function submitApplication(
  token: string,
  personId: string,
  overrides: ApplicationOverrides = {},
): Promise<Application> {
  const body: Record<string, unknown> = { declaration: declaration(overrides.declaration) }
  if (overrides.details !== undefined) body.details = overrides.details
  const res = await api<Application>(`/people/${personId}/applications`, { token, body })
  if (res.status !== 201)
    throw new Error(`submitting failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

function randomInt(below: number): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % below
}

function randomDigits(count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += String(randomInt(10))
  return out
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}
