-- GreenGate schema. Times are Unix seconds (UTC). Ids are random text.
-- Personal data: ID documents and phone numbers are stored AES-GCM encrypted
-- (`*_enc`) and found by a keyed HMAC (`*_hash`); only masked forms are shown.

-- Residents log in with a phone number; one account manages several people.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  phone_hash TEXT NOT NULL UNIQUE,
  phone_enc TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- SMS one-time codes, stored hashed; die after expiry or too many wrong tries.
CREATE TABLE otp_challenges (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('login', 'change_phone')),
  phone_hash TEXT NOT NULL,
  account_id TEXT REFERENCES accounts(id),
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  consumed_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX otp_challenges_phone ON otp_challenges (phone_hash, created_at);

-- Fixed-window counters for rate limits (OTP sends per number and per address,
-- staff login attempts). key = '<scope>:<hashed subject>:<window start>'.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Staff: reviewers and admins.
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
  password_hash TEXT NOT NULL,
  disabled_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Opaque bearer sessions for residents and staff, stored as SHA-256 of the token.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('resident', 'staff')),
  account_id TEXT REFERENCES accounts(id),
  staff_id TEXT REFERENCES staff(id),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A person whose code an account manages: the account holder or a dependant.
-- `subject` is the random pseudonym carried in codes. The current status,
-- colour and validity are kept here so that fetching a code is one read.
-- `revoked_through`: every code of this person issued at or before it is dead.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  subject TEXT NOT NULL UNIQUE,
  relationship TEXT NOT NULL,
  name TEXT NOT NULL,
  name_masked TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  doc_hash TEXT NOT NULL UNIQUE,
  doc_enc TEXT NOT NULL,
  doc_masked TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'revoked')),
  colour TEXT CHECK (colour IN ('green', 'yellow', 'red')),
  valid_until INTEGER,
  revoked_through INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX people_account ON people (account_id);
CREATE INDEX people_status ON people (status, updated_at);

-- Every submission (first, corrected resubmission, later update) is a new
-- version; the history stays. details/declaration are JSON (shared schemas).
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  details TEXT NOT NULL,
  declaration TEXT NOT NULL,
  high_risk INTEGER NOT NULL DEFAULT 0,
  suggested_colour TEXT NOT NULL CHECK (suggested_colour IN ('green', 'yellow', 'red')),
  suggestion_reasons TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT REFERENCES staff(id),
  decision_colour TEXT CHECK (decision_colour IN ('green', 'yellow', 'red')),
  decision_valid_until INTEGER,
  reject_reason TEXT,
  UNIQUE (person_id, version)
);
CREATE INDEX applications_queue ON applications (status, submitted_at);

-- What happened to a person, newest last: shown to the resident.
CREATE TABLE status_events (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  at INTEGER NOT NULL,
  status TEXT NOT NULL,
  colour TEXT,
  reason TEXT,
  actor TEXT NOT NULL
);
CREATE INDEX status_events_person ON status_events (person_id, at);

-- Every admin action.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  details TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Checkpoints and their policy (JSON: allowed colours, printed passes,
-- staffed, anti-passback seconds).
CREATE TABLE checkpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  policy TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Gate devices; the credential is shown once and stored as SHA-256.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
  name TEXT NOT NULL,
  credential_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_heartbeat_at INTEGER,
  heartbeat TEXT
);

-- Which signing keys are published, which one signs, which are retired.
-- The private halves live only in the SIGNING_KEYS secret.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('published', 'active', 'retired')),
  created_at INTEGER NOT NULL,
  activated_at INTEGER,
  retired_at INTEGER
);

-- Printed passes are issued rarely and live for days: recorded so that
-- an admin can revoke one by its id.
CREATE TABLE printed_passes (
  jti TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- The revocation feed gates follow: append-only, ordered by seq.
-- kind: subject_revoked (codes of `subject` issued at or before `revoked_through` die),
-- code_revoked (`jti` dies; `expires_at` tells gates when to forget it),
-- colour_changed (`subject` now has `colour`; away from green it also
-- revokes codes issued at or before `revoked_through`), key_retired (`kid`).
CREATE TABLE feed_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('subject_revoked', 'code_revoked', 'colour_changed', 'key_retired')),
  subject TEXT,
  jti TEXT,
  colour TEXT,
  kid TEXT,
  revoked_through INTEGER,
  expires_at INTEGER
);
CREATE INDEX feed_entries_subject ON feed_entries (subject, seq);

-- Decisions uploaded by gates. (device_id, event_id) makes uploads idempotent.
CREATE TABLE pass_events (
  device_id TEXT NOT NULL REFERENCES devices(id),
  event_id TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  lane INTEGER NOT NULL,
  at INTEGER NOT NULL, -- Unix milliseconds, by the gate's corrected clock
  decision TEXT NOT NULL CHECK (decision IN ('pass', 'refuse')),
  reason TEXT NOT NULL,
  subject TEXT,
  jti TEXT,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, event_id)
);
CREATE INDEX pass_events_checkpoint ON pass_events (checkpoint_id, at);
CREATE INDEX pass_events_at ON pass_events (at);
CREATE INDEX pass_events_subject ON pass_events (subject, at);
