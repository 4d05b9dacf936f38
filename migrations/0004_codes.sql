-- Codes, keys, devices: indexes the online verifier, the snapshot and the purge need.

-- At most one key signs. Rotation swaps the active key inside one atomic batch; this
-- index makes a second 'active' row impossible even if two syncs race.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (state) WHERE state = 'active';

-- POST /verify and the feed snapshot look revoked codes up by jti.
CREATE INDEX feed_entries_jti ON feed_entries (jti) WHERE jti IS NOT NULL;

-- The scheduled purge deletes expired rows in bounded chunks; without these it would
-- scan whole tables every night.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX otp_challenges_expires ON otp_challenges (expires_at);
CREATE INDEX rate_limits_expires ON rate_limits (expires_at);
