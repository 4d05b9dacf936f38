// The staff console (/console/): review queue for reviewers; people, checkpoints, devices,
// statistics and bulk changes for admins.
import { loadPreferences, onPreferencesChange } from '../common/preferences.ts'
import { createRouter } from '../common/router.ts'
import { homeOf, mayOpen } from './nav.ts'
import { auditPage } from './pages/audit-page.ts'
import { checkpointsPage } from './pages/checkpoints-page.ts'
import { colourChangePage } from './pages/colour-change-page.ts'
import { dashboardPage } from './pages/dashboard-page.ts'
import { keysPage } from './pages/keys-page.ts'
import { loginPage } from './pages/login-page.ts'
import { personPage } from './pages/person-page.ts'
import { peoplePage } from './pages/people-page.ts'
import { reviewPage } from './pages/review-page.ts'
import { staffPage } from './pages/staff-page.ts'
import { staffSession } from './session.ts'
import { consoleShell } from './shell.ts'

loadPreferences()
const shell = consoleShell(document.body)

const router = createRouter({
  root: shell.main,
  fallback: '/review',
  routes: [
    { pattern: '/login', page: loginPage },
    { pattern: '/review', page: reviewPage },
    { pattern: '/dashboard', page: dashboardPage },
    { pattern: '/people', page: peoplePage },
    { pattern: '/people/:personId', page: personPage },
    { pattern: '/checkpoints', page: checkpointsPage },
    { pattern: '/colour-change', page: colourChangePage },
    { pattern: '/staff', page: staffPage },
    { pattern: '/audit', page: auditPage },
    { pattern: '/keys', page: keysPage },
  ],
  guard: (path) => {
    const session = staffSession()
    if (session === null) return path === '/login' ? null : '/login'
    const role = session.staff.role
    if (path === '/login' || path === '/' || !mayOpen(role, path)) return homeOf(role)
    return null
  },
})

window.addEventListener('hashchange', shell.redraw)
onPreferencesChange(() => {
  shell.redraw()
  router.refresh()
})
router.start()
