// Every route the Worker serves, in one list: mounted by app.ts, described by openapi.ts.
import type { Route } from '../http/route.ts'
import { healthRoutes } from './health.ts'

export const allRoutes: readonly Route[] = [...healthRoutes]
