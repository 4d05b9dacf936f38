// Free text with characters a reader cannot see: NUL and other controls, direction
// overrides that make a reject reason or a checkpoint name read differently from what it
// holds, and lone surrogates, which D1 keeps as broken bytes. Each is refused with
// VALIDATION_FAILED naming the field, and nothing is stored.
import { utcDate } from '@greengate/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, declaration, errorOf, personDetails } from '../helpers/resident.ts'
import { snapshotTables } from '../staff/db-snapshot.ts'
import { buildWorld, type World } from './world.ts'

const ODDITIES = {
  NUL: 'a\u0000b',
  'an escape character': 'a\u001B[31mb',
  'a right-to-left override': '退回原因\u202Eexe.txt',
  'a right-to-left isolate': 'Gate \u2067A\u2069',
  'a lone surrogate': 'a\uD800b',
}

interface TextField {
  /** What the field is, for the test's messages. */
  name: string
  method: string
  path: (w: World) => string
  token: (w: World) => string
  /** A valid body with `text` in the field. */
  body: (w: World, text: string) => unknown
  /** The field's path in `error.fields`. */
  field: string
}

const t = () => Math.floor(Date.now() / 1000)
const today = () => utcDate(t())

const FIELDS: TextField[] = [
  {
    name: "a new person's address",
    method: 'POST',
    path: () => '/people',
    token: (w) => w.owner.token,
    body: (_w, text) => personDetails({ address: text }),
    field: 'address',
  },
  {
    name: "a new person's workplace",
    method: 'POST',
    path: () => '/people',
    token: (w) => w.owner.token,
    body: (_w, text) => personDetails({ workplace: text }),
    field: 'workplace',
  },
  {
    name: 'a changed address',
    method: 'PATCH',
    path: (w) => `/people/${w.personId}`,
    token: (w) => w.owner.token,
    body: (_w, text) => ({ address: text }),
    field: 'address',
  },
  {
    name: 'a region visited',
    method: 'POST',
    path: (w) => `/people/${w.pendingPersonId}/applications`,
    token: (w) => w.owner.token,
    body: (_w, text) => ({
      declaration: declaration({
        regionsVisited: [{ region: text, from: today(), to: today(), highRisk: false }],
      }),
    }),
    field: 'declaration.regionsVisited.0.region',
  },
  {
    name: "a reviewer's note",
    method: 'POST',
    path: (w) => `/review/applications/${w.applicationId}/approve`,
    token: (w) => w.reviewer.token,
    body: (_w, text) => ({ colour: 'green', validDays: 7, note: text }),
    field: 'note',
  },
  {
    name: 'a reason the resident reads',
    method: 'POST',
    path: (w) => `/review/applications/${w.applicationId}/reject`,
    token: (w) => w.reviewer.token,
    body: (_w, text) => ({ reason: text }),
    field: 'reason',
  },
  {
    name: "a staff member's display name",
    method: 'PATCH',
    path: (w) => `/admin/staff/${w.reviewer.id}`,
    token: (w) => w.admin.token,
    body: (_w, text) => ({ displayName: text }),
    field: 'displayName',
  },
  {
    name: 'a checkpoint name',
    method: 'POST',
    path: () => '/admin/checkpoints',
    token: (w) => w.admin.token,
    body: (_w, text) => ({ name: text }),
    field: 'name',
  },
  {
    name: 'a checkpoint address',
    method: 'PATCH',
    path: (w) => `/admin/checkpoints/${w.gate.checkpointId}`,
    token: (w) => w.admin.token,
    body: (_w, text) => ({ address: text }),
    field: 'address',
  },
  {
    name: 'a device name',
    method: 'POST',
    path: (w) => `/admin/checkpoints/${w.gate.checkpointId}/devices`,
    token: (w) => w.admin.token,
    body: (_w, text) => ({ name: text }),
    field: 'name',
  },
  {
    name: "a revocation's reason",
    method: 'POST',
    path: (w) => `/admin/people/${w.personId}/revoke`,
    token: (w) => w.admin.token,
    body: (_w, text) => ({ reason: text }),
    field: 'reason',
  },
  {
    name: "a code revocation's reason",
    method: 'POST',
    path: () => '/admin/codes/abcdefgh/revoke',
    token: (w) => w.admin.token,
    body: (_w, text) => ({ expiresAt: t() + 300, reason: text }),
    field: 'reason',
  },
  {
    name: "a colour change's reason",
    method: 'POST',
    path: () => '/admin/colour-changes',
    token: (w) => w.admin.token,
    body: (w, text) => ({
      checkpointId: w.gate.checkpointId,
      from: t() - 3600,
      to: t(),
      colour: 'yellow',
      confirm: true,
      reason: text,
    }),
    field: 'reason',
  },
  {
    name: "a gate's software version",
    method: 'POST',
    path: () => '/device/heartbeat',
    token: (w) => w.gate.credential,
    body: (_w, text) => ({ ...heartbeat(), version: text }),
    field: 'version',
  },
  {
    name: "a gate's alarm",
    method: 'POST',
    path: () => '/device/heartbeat',
    token: (w) => w.gate.credential,
    body: (_w, text) => ({ ...heartbeat(), alarms: [text] }),
    field: 'alarms.0',
  },
]

function heartbeat() {
  return {
    version: '1.0.0',
    clock: Date.now(),
    feedSeq: 0,
    cacheAgeSeconds: 1,
    outboxDepth: 0,
    relays: [],
    fireAlarm: false,
    alarms: [],
  }
}

let world: World

beforeAll(async () => {
  world = await buildWorld()
})

describe('free text with hidden or broken characters', () => {
  for (const field of FIELDS) {
    it(`is refused in ${field.name}, storing nothing`, async () => {
      const before = await snapshotTables()
      for (const [what, text] of Object.entries(ODDITIES)) {
        const res = await api(field.path(world), {
          method: field.method,
          token: field.token(world),
          body: field.body(world, text),
        })
        expect(res.status, what).toBe(400)
        const error = errorOf(res)
        expect(error.code, what).toBe('VALIDATION_FAILED')
        expect(
          error.fields?.map((f) => f.path),
          what,
        ).toContain(field.field)
      }
      expect(await snapshotTables()).toEqual(before)
    })
  }

  it('still takes line breaks in a reason, and ordinary Chinese text everywhere', async () => {
    const address = await api(`/people/${world.personId}`, {
      method: 'PATCH',
      token: world.owner.token,
      body: { address: '浙江省杭州市余杭区 文一西路969号·东门' },
    })
    expect(address.status).toBe(200)
    const reason = '身份证号码与姓名不符。\n请核对后重新提交。'
    const rejected = await api(`/review/applications/${world.applicationId}/reject`, {
      token: world.reviewer.token,
      body: { reason },
    })
    expect(rejected.status).toBe(200)
    const history = await api<{ applications: { rejectReason: string | null }[] }>(
      `/people/${world.pendingPersonId}/history`,
      { token: world.owner.token },
    )
    expect(history.body.applications[0]?.rejectReason).toBe(reason)
  })
})
