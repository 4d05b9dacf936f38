// Test helper for the staff area: approved people, checkpoints with a gate, pass records.
import { decodeBase64url, MAX_PASS_EVENT_BATCH, randomId } from '@greengate/shared'
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import {
  addPerson,
  api,
  signInResident,
  submitApplication,
  type SignedInResident,
} from '../helpers/resident.ts'
import type { TestStaff } from '../helpers/staff.ts'

export interface ApprovedPerson {
  resident: SignedInResident
  personId: string
  subject: string
}

/** A person who applied through the resident API and whom `reviewer` approved green. */
export async function approvedPerson(
  reviewer: TestStaff,
  resident?: SignedInResident,
): Promise<ApprovedPerson> {
  const owner = resident ?? (await signInResident())
  const person = await addPerson(owner.token)
  const application = await submitApplication(owner.token, person.id)
  const res = await api(`/review/applications/${application.id}/approve`, {
    token: reviewer.token,
    body: { colour: 'green', validDays: 30 },
  })
  expect(res.status).toBe(200)
  return { resident: owner, personId: person.id, subject: await subjectOf(person.id) }
}

export async function subjectOf(personId: string): Promise<string> {
  const row = await env.DB.prepare('SELECT subject FROM people WHERE id = ?')
    .bind(personId)
    .first<{ subject: string }>()
  if (row === null) throw new Error('no such person')
  return row.subject
}

export interface Gate {
  checkpointId: string
  credential: string
}

/** A checkpoint with one enrolled gate device. */
export async function checkpointWithGate(
  admin: TestStaff,
  name = 'Test checkpoint',
): Promise<Gate> {
  const checkpoint = await api<{ checkpoint: { id: string } }>('/admin/checkpoints', {
    token: admin.token,
    body: { name },
  })
  const checkpointId = checkpoint.body.checkpoint.id
  const device = await api<{ credential: string }>(`/admin/checkpoints/${checkpointId}/devices`, {
    token: admin.token,
    body: { name: 'Lane 1' },
  })
  return { checkpointId, credential: device.body.credential }
}

/** Uploads pass records through the gate's own route (`at` in Unix ms). */
export async function uploadPasses(
  gate: Gate,
  passes: { subject: string; at: number; decision?: 'pass' | 'refuse' }[],
): Promise<void> {
  for (let i = 0; i < passes.length; i += MAX_PASS_EVENT_BATCH) {
    const events = passes.slice(i, i + MAX_PASS_EVENT_BATCH).map((pass) => ({
      id: randomId(16),
      lane: 0,
      at: pass.at,
      decision: pass.decision ?? 'pass',
      reason: (pass.decision ?? 'pass') === 'pass' ? 'OK' : 'CODE_EXPIRED',
      subject: pass.subject,
    }))
    const res = await api('/device/pass-events', { token: gate.credential, body: { events } })
    expect(res.status).toBe(200)
  }
}

/**
 * Approved green people inserted straight into D1 (one account): for bulk tests
 * where going through the API for each would only be slow.
 */
export async function insertGreenPeople(count: number): Promise<{ id: string; subject: string }[]> {
  const now = Math.floor(Date.now() / 1000)
  const accountId = randomId(16)
  const statements = [
    env.DB.prepare(
      `INSERT INTO accounts (id, phone_hash, phone_enc, phone_masked, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).bind(accountId, randomId(43), 'v1.x.y', '139****0000', now, now),
  ]
  const people = Array.from({ length: count }, () => ({ id: randomId(16), subject: randomId(11) }))
  for (const person of people) {
    statements.push(
      env.DB.prepare(
        `INSERT INTO people (id, account_id, subject, relationship, name, name_masked, doc_type,
           doc_hash,
           doc_enc, doc_masked, status, colour, valid_until, created_at, updated_at)
         VALUES (?, ?, ?, 'child', '王小明', '王*明', 'id_card', ?, 'v1.x.y',
           '3301**********1234',
           'approved', 'green', ?, ?, ?)`,
      ).bind(person.id, accountId, person.subject, randomId(43), now + 30 * 86_400, now, now),
    )
  }
  await env.DB.batch(statements)
  return people
}

/** The `jti` claim of a compact JWS. */
export function jtiOf(code: string): string {
  const payload = decodeBase64url(code.split('.')[1] ?? '')
  if (payload === null) throw new Error('not a JWS')
  return (JSON.parse(new TextDecoder().decode(payload)) as { jti: string }).jti
}

/** The resident's current code for the person. */
export async function fetchCode(
  person: ApprovedPerson,
): Promise<{ code: string; expiresAt: number }> {
  const res = await api<{ code: string; expiresAt: number }>(`/people/${person.personId}/code`, {
    token: person.resident.token,
  })
  expect(res.status).toBe(200)
  return res.body
}

/** What the online verifier says about a code at the gate's checkpoint. */
export async function verifyAt(
  gate: Gate,
  code: string,
): Promise<{ decision: string; reason: string }> {
  const res = await api<{ decision: string; reason: string }>('/verify', {
    token: gate.credential,
    body: { code },
  })
  expect(res.status).toBe(200)
  return res.body
}
