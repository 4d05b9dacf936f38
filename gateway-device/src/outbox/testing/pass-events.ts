// Pass events for tests: valid by default, each with a fresh random id.
import { randomBytes } from 'node:crypto'
import type { PassEvent } from '@greengate/shared'

export function passEvent(overrides: Partial<PassEvent> = {}): PassEvent {
  return {
    id: randomBytes(16).toString('base64url'),
    lane: 0,
    at: 1_700_000_000_000,
    decision: 'pass',
    reason: 'OK',
    subject: 'subject-0001',
    jti: 'jti-000001',
    ...overrides,
  }
}

export function refusal(overrides: Partial<PassEvent> = {}): PassEvent {
  return passEvent({ decision: 'refuse', reason: 'CODE_EXPIRED', ...overrides })
}

/** A refusal of something that never parsed: no subject, no jti. */
export function bareRefusal(overrides: Partial<PassEvent> = {}): PassEvent {
  const { subject: _subject, jti: _jti, ...event } = refusal({ reason: 'CODE_NOT_A_CODE' })
  return { ...event, ...overrides }
}
