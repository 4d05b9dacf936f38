// Variables a deployment may set but need not (so `wrangler types` cannot see them).
interface __BaseEnv_Env {
  /** JSON array of neighbouring districts whose codes we accept: `{ iss, jwks }` each. */
  TRUSTED_ISSUERS?: string
}
