// What every hono context carries: the bindings and the per-request variables.
import type { Config } from '../config.ts'

export interface ResidentPrincipal {
  accountId: string
}

export interface StaffPrincipal {
  staffId: string
  role: 'reviewer' | 'admin'
}

export interface DevicePrincipal {
  deviceId: string
  checkpointId: string
}

export interface AppEnv {
  Bindings: Env
  Variables: {
    requestId: string
    config: Config
    resident: ResidentPrincipal
    staff: StaffPrincipal
    device: DevicePrincipal
    /** SHA-256 of the bearer token, for routes that look the session up themselves. */
    bearerHash: string
  }
}
