// The resident app (/app/): sign in, manage one's people, apply, and show the code.
import { loadPreferences, onPreferencesChange } from '../common/preferences.ts'
import { createRouter } from '../common/router.ts'
import { accountPage } from './pages/account-page.ts'
import { addPersonPage } from './pages/add-person-page.ts'
import { applyPage } from './pages/apply-page.ts'
import { codePage } from './pages/code-page.ts'
import { editPersonPage } from './pages/edit-person-page.ts'
import { loginPage } from './pages/login-page.ts'
import { peoplePage } from './pages/people-page.ts'
import { personPage } from './pages/person-page.ts'
import { printPage } from './pages/print-page.ts'
import { currentSession } from './session.ts'
import { residentShell } from './shell.ts'

loadPreferences()
const shell = residentShell(document.body)

const router = createRouter({
  root: shell.main,
  fallback: '/people',
  routes: [
    { pattern: '/login', page: loginPage },
    { pattern: '/people', page: peoplePage },
    { pattern: '/add/:kind', page: addPersonPage },
    { pattern: '/people/:personId', page: personPage },
    { pattern: '/people/:personId/edit', page: editPersonPage },
    { pattern: '/people/:personId/apply', page: applyPage },
    { pattern: '/people/:personId/code', page: codePage },
    { pattern: '/people/:personId/print', page: printPage },
    { pattern: '/account', page: accountPage },
  ],
  guard: (path) => {
    const signedIn = currentSession() !== null
    if (!signedIn && path !== '/login') return '/login'
    if (signedIn && path === '/login') return '/people'
    return null
  },
})

window.addEventListener('hashchange', shell.redraw)
onPreferencesChange(() => {
  shell.redraw()
  router.refresh()
})
router.start()
