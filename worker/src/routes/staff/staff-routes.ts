// The staff area's routes: sign-in, the reviewer's queue and the admin console.
import type { Route } from '../../http/route.ts'
import { adminCheckpointRoutes } from './admin-checkpoints.ts'
import { adminConsoleRoutes } from './admin-console.ts'
import { adminPeopleRoutes } from './admin-people.ts'
import { adminStaffRoutes } from './admin-staff.ts'
import { reviewRoutes } from './review.ts'
import { staffSessionRoutes } from './session.ts'

export const staffRoutes: readonly Route[] = [
  ...staffSessionRoutes,
  ...reviewRoutes,
  ...adminStaffRoutes,
  ...adminCheckpointRoutes,
  ...adminPeopleRoutes,
  ...adminConsoleRoutes,
]
