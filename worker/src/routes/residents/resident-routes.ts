// Every route of the resident API, for all-routes.ts.
import { residentApplicationRoutes } from './applications.ts'
import { residentAuthRoutes } from './auth.ts'
import { devInboxRoutes } from './dev-inbox.ts'
import { residentMeRoutes } from './me.ts'
import { residentPeopleRoutes } from './people.ts'

export const residentRoutes = [
  ...residentAuthRoutes,
  ...residentMeRoutes,
  ...residentPeopleRoutes,
  ...residentApplicationRoutes,
  ...devInboxRoutes,
]
