// The staff API as the console calls it, typed with the shared schemas' types.
import type {
  AdminPersonDetail,
  AdminPersonSummary,
  ApproveRequest,
  AuditPage,
  Checkpoint,
  ColourChangeRequest,
  ColourChangeResult,
  CreateCheckpointRequest,
  CreateStaffRequest,
  Device,
  EnrolledDevice,
  PeopleSearchRequest,
  ReviewDecision,
  ReviewQueuePage,
  SigningKeyList,
  StaffAccount,
  StaffSession,
  Stats,
  UpdateStaffRequest,
} from '@greengate/shared'
import { createApiClient, type RequestOptions } from '../common/api-client.ts'
import { forgetStaffSession, staffSession } from './session.ts'

const client = createApiClient({
  token: () => staffSession()?.token ?? null,
  onSessionEnded: () => {
    forgetStaffSession()
    location.hash = '#/login'
  },
})

const enc = encodeURIComponent

/** `&cursor=...` for the page after `cursor`; nothing for the first page. */
const after = (cursor: string | undefined) => (cursor === undefined ? '' : `&cursor=${enc(cursor)}`)

export const staffApi = {
  login: (username: string, password: string) =>
    client.post<StaffSession>('/staff/login', { username, password }),
  logout: () => client.post<{ ok: true }>('/staff/logout'),

  queue: (cursor: string | undefined, o?: RequestOptions) =>
    client.get<ReviewQueuePage>(`/review/queue?status=pending&limit=50${after(cursor)}`, o),
  approve: (applicationId: string, body: ApproveRequest) =>
    client.post<ReviewDecision>(`/review/applications/${enc(applicationId)}/approve`, body),
  reject: (applicationId: string, reason: string) =>
    client.post<ReviewDecision>(`/review/applications/${enc(applicationId)}/reject`, { reason }),

  // A POST body, so the number stays out of URLs (request logs, browser history).
  searchPeople: (search: PeopleSearchRequest, o?: RequestOptions) =>
    client
      .post<{ people: AdminPersonSummary[] }>('/admin/people/search', search, o)
      .then((answer) => answer.people),
  person: (personId: string, o?: RequestOptions) =>
    client.get<AdminPersonDetail>(`/admin/people/${enc(personId)}`, o),
  revokePerson: (personId: string, reason: string) =>
    client.post<{ personId: string; revokedThrough: number }>(
      `/admin/people/${enc(personId)}/revoke`,
      { reason },
    ),

  checkpoints: (o?: RequestOptions) =>
    client.get<{ checkpoints: Checkpoint[] }>('/admin/checkpoints', o).then((a) => a.checkpoints),
  createCheckpoint: (body: CreateCheckpointRequest) =>
    client.post<{ checkpoint: Checkpoint }>('/admin/checkpoints', body),
  devices: (o?: RequestOptions) =>
    client.get<{ devices: Device[] }>('/admin/devices', o).then((answer) => answer.devices),
  enrolDevice: (checkpointId: string, name: string) =>
    client.post<EnrolledDevice>(`/admin/checkpoints/${enc(checkpointId)}/devices`, { name }),
  revokeDevice: (deviceId: string) =>
    client.post<{ device: Device }>(`/admin/devices/${enc(deviceId)}/revoke`),

  previewColourChange: (body: Omit<ColourChangeRequest, 'confirm' | 'reason'>) =>
    client.post<{ people: number; changing: number }>('/admin/colour-changes/preview', body),
  applyColourChange: (body: ColourChangeRequest) =>
    client.post<ColourChangeResult>('/admin/colour-changes', body),

  stats: (o?: RequestOptions) => client.get<Stats>('/admin/stats', o),
  audit: (cursor: string | undefined, o?: RequestOptions) =>
    client.get<AuditPage>(`/admin/audit?limit=50${after(cursor)}`, o),

  staff: (o?: RequestOptions) =>
    client.get<{ staff: StaffAccount[] }>('/admin/staff', o).then((answer) => answer.staff),
  createStaff: (body: CreateStaffRequest) =>
    client.post<{ staff: StaffAccount }>('/admin/staff', body),
  updateStaff: (staffId: string, body: UpdateStaffRequest) =>
    client.patch<{ staff: StaffAccount }>(`/admin/staff/${enc(staffId)}`, body),

  keys: (o?: RequestOptions) => client.get<SigningKeyList>('/admin/keys', o),
  activateKey: (kid: string) => client.post<SigningKeyList>(`/admin/keys/${enc(kid)}/activate`),
  retireKey: (kid: string) => client.post<SigningKeyList>(`/admin/keys/${enc(kid)}/retire`),
}
