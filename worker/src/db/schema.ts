// Drizzle's view of the D1 schema. The SQL in /migrations is the source of truth;
// keep this file in step with it.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  phoneHash: text('phone_hash').notNull().unique(),
  phoneEnc: text('phone_enc').notNull(),
  phoneMasked: text('phone_masked').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export const otpChallenges = sqliteTable('otp_challenges', {
  id: text('id').primaryKey(),
  purpose: text('purpose', { enum: ['login', 'change_phone'] }).notNull(),
  phoneHash: text('phone_hash').notNull(),
  accountId: text('account_id'),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: integer('expires_at').notNull(),
  consumedAt: integer('consumed_at'),
  createdAt: integer('created_at').notNull(),
})

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  expiresAt: integer('expires_at').notNull(),
})

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['reviewer', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  disabledAt: integer('disabled_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  kind: text('kind', { enum: ['resident', 'staff'] }).notNull(),
  accountId: text('account_id'),
  staffId: text('staff_id'),
  expiresAt: integer('expires_at').notNull(),
  createdAt: integer('created_at').notNull(),
})

export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  subject: text('subject').notNull().unique(),
  relationship: text('relationship').notNull(),
  name: text('name').notNull(),
  nameMasked: text('name_masked').notNull(),
  docType: text('doc_type').notNull(),
  docHash: text('doc_hash').notNull().unique(),
  docEnc: text('doc_enc').notNull(),
  docMasked: text('doc_masked').notNull(),
  status: text('status', {
    enum: ['draft', 'pending', 'approved', 'rejected', 'revoked'],
  }).notNull(),
  colour: text('colour', { enum: ['green', 'yellow', 'red'] }),
  validUntil: integer('valid_until'),
  revokedThrough: integer('revoked_through').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  address: text('address').notNull().default(''), // 0002
  workplace: text('workplace'), // 0002
})

export const applications = sqliteTable('applications', {
  id: text('id').primaryKey(),
  personId: text('person_id').notNull(),
  version: integer('version').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected', 'superseded'] }).notNull(),
  details: text('details').notNull(),
  declaration: text('declaration').notNull(),
  highRisk: integer('high_risk', { mode: 'boolean' }).notNull().default(false),
  suggestedColour: text('suggested_colour', { enum: ['green', 'yellow', 'red'] }).notNull(),
  suggestionReasons: text('suggestion_reasons').notNull(),
  submittedAt: integer('submitted_at').notNull(),
  decidedAt: integer('decided_at'),
  decidedBy: text('decided_by'),
  decisionColour: text('decision_colour', { enum: ['green', 'yellow', 'red'] }),
  decisionValidUntil: integer('decision_valid_until'),
  rejectReason: text('reject_reason'),
  kind: text('kind', { enum: ['first', 'resubmission', 'update'] })
    .notNull()
    .default('first'), // 0002
  decisionId: text('decision_id'), // 0003
  decisionNote: text('decision_note'), // 0003
})

export const statusEvents = sqliteTable('status_events', {
  id: text('id').primaryKey(),
  personId: text('person_id').notNull(),
  at: integer('at').notNull(),
  status: text('status').notNull(),
  colour: text('colour'),
  reason: text('reason'),
  actor: text('actor').notNull(),
})

export const auditLog = sqliteTable('audit_log', {
  id: text('id').primaryKey(),
  at: integer('at').notNull(),
  staffId: text('staff_id').notNull(),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  details: text('details').notNull(),
})

export const checkpoints = sqliteTable('checkpoints', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  policy: text('policy').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export const devices = sqliteTable('devices', {
  id: text('id').primaryKey(),
  checkpointId: text('checkpoint_id').notNull(),
  name: text('name').notNull(),
  credentialHash: text('credential_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  revokedAt: integer('revoked_at'),
  lastHeartbeatAt: integer('last_heartbeat_at'),
  heartbeat: text('heartbeat'),
})

export const signingKeys = sqliteTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: text('public_jwk').notNull(),
  state: text('state', { enum: ['published', 'active', 'retired'] }).notNull(),
  createdAt: integer('created_at').notNull(),
  activatedAt: integer('activated_at'),
  retiredAt: integer('retired_at'),
})

export const printedPasses = sqliteTable('printed_passes', {
  jti: text('jti').primaryKey(),
  personId: text('person_id').notNull(),
  issuedAt: integer('issued_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
})

export const feedEntries = sqliteTable('feed_entries', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  kind: text('kind', {
    enum: ['subject_revoked', 'code_revoked', 'colour_changed', 'key_retired'],
  }).notNull(),
  subject: text('subject'),
  jti: text('jti'),
  colour: text('colour', { enum: ['green', 'yellow', 'red'] }),
  kid: text('kid'),
  revokedThrough: integer('revoked_through'),
  expiresAt: integer('expires_at'),
})

export const passEvents = sqliteTable(
  'pass_events',
  {
    deviceId: text('device_id').notNull(),
    eventId: text('event_id').notNull(),
    checkpointId: text('checkpoint_id').notNull(),
    lane: integer('lane').notNull(),
    at: integer('at').notNull(),
    decision: text('decision', { enum: ['pass', 'refuse'] }).notNull(),
    reason: text('reason').notNull(),
    subject: text('subject'),
    jti: text('jti'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.eventId] })],
)

// 0002: development SMS inbox (never written in production).
export const devSmsInbox = sqliteTable('dev_sms_inbox', {
  id: text('id').primaryKey(),
  phone: text('phone').notNull(),
  message: text('message').notNull(),
  createdAt: integer('created_at').notNull(),
})
