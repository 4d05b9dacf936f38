-- Residents: a person's current address and workplace (each application also keeps a
-- snapshot of them), what kind of submission an application is, and the development
-- SMS inbox.

ALTER TABLE people ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN workplace TEXT;

-- first: the person's first application; resubmission: after a rejection or while one
-- is pending; update: new details or declaration for an approved person.
ALTER TABLE applications ADD COLUMN kind TEXT NOT NULL DEFAULT 'first'
  CHECK (kind IN ('first', 'resubmission', 'update'));

-- Messages the development SMS sender "sends", for a developer (and the tests) to read
-- at GET /dev/sms-inbox. Written only when ENVIRONMENT is development or test; empty in
-- production, where the route does not exist.
CREATE TABLE dev_sms_inbox (
  id TEXT PRIMARY KEY,
  phone TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX dev_sms_inbox_phone ON dev_sms_inbox (phone, created_at);
