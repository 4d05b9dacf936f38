// Secrets are not in wrangler.toml, so `wrangler types` cannot see them.
// Set with `wrangler secret put NAME` (production) or in .dev.vars (local).
interface __BaseEnv_Env {
  /** JSON array of private ES256 JWKs, each with a `kid`. */
  SIGNING_KEYS: string
  /** base64 of 32 random bytes: AES-GCM key sealing ID documents and phones. */
  DATA_KEY: string
  /** base64 of 32 random bytes: HMAC key for document and phone look-ups. */
  LOOKUP_KEY: string
}
