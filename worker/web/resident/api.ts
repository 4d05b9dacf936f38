// The resident API as the pages call it, typed with the shared schemas' types.
import type {
  Account,
  Application,
  ApplicationSubmit,
  IssuedCode,
  OtpSent,
  Person,
  PersonDetailsInput,
  PersonHistory,
  PersonSummary,
  ResidentSession,
} from '@greengate/shared'
import { createApiClient, type RequestOptions } from '../common/api-client.ts'
import { forgetSession, sessionToken } from './session.ts'

const client = createApiClient({
  token: sessionToken,
  onSessionEnded: () => {
    forgetSession()
    location.hash = '#/login'
  },
})

/** What may change without a new application; `workplace: null` clears it. */
export interface PersonPatch {
  address?: string
  workplace?: string | null
  relationship?: PersonDetailsInput['relationship']
}

const person = (id: string) => `/people/${encodeURIComponent(id)}`

export const residentApi = {
  requestOtp: (phone: string) => client.post<OtpSent>('/auth/otp', { phone }),
  login: (phone: string, code: string) =>
    client.post<ResidentSession>('/auth/login', { phone, code }),
  logout: () => client.post<{ ok: true }>('/auth/logout'),
  me: (o?: RequestOptions) => client.get<Account>('/me', o),
  requestPhoneChange: (newPhone: string) => client.post<OtpSent>('/me/phone/otp', { newPhone }),
  changePhone: (newPhone: string, code: string) =>
    client.post<Account>('/me/phone', { newPhone, code }),

  listPeople: (o?: RequestOptions) =>
    client.get<{ people: PersonSummary[] }>('/people', o).then((answer) => answer.people),
  addPerson: (details: PersonDetailsInput) => client.post<Person>('/people', details),
  person: (id: string, o?: RequestOptions) => client.get<Person>(person(id), o),
  patchPerson: (id: string, patch: PersonPatch) => client.patch<Person>(person(id), patch),
  history: (id: string, o?: RequestOptions) =>
    client.get<PersonHistory>(`${person(id)}/history`, o),
  applications: (id: string, o?: RequestOptions) =>
    client
      .get<{ applications: Application[] }>(`${person(id)}/applications`, o)
      .then((answer) => answer.applications),
  submitApplication: (id: string, body: ApplicationSubmit) =>
    client.post<Application>(`${person(id)}/applications`, body),

  code: (id: string, o?: RequestOptions) => client.get<IssuedCode>(`${person(id)}/code`, o),
  printedPass: (id: string) => client.post<IssuedCode>(`${person(id)}/printed-pass`),
}
