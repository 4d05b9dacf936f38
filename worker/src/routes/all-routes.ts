// Every route the Worker serves, in one list: mounted by app.ts, described by openapi.ts.
import type { Route } from '../http/route.ts'
import { codeRoutes } from './codes/code-routes.ts'
import { verifyRoutes } from './codes/verify-routes.ts'
import { deviceRoutes } from './device/device-routes.ts'
import { feedRoutes } from './device/feed-routes.ts'
import { docsRoutes } from './docs/docs-routes.ts'
import { healthRoutes } from './health.ts'
import { keyRoutes } from './keys/key-routes.ts'
import { residentRoutes } from './residents/resident-routes.ts'
import { staffRoutes } from './staff/staff-routes.ts'

export const allRoutes: readonly Route[] = [
  ...healthRoutes,
  ...residentRoutes,
  ...staffRoutes,
  ...codeRoutes,
  ...verifyRoutes,
  ...keyRoutes,
  ...deviceRoutes,
  ...feedRoutes,
  ...docsRoutes,
]
