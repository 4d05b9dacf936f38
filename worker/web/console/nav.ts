// The console's sections and who may open them: a reviewer is not offered admin work.
import type { StaffRole } from '@greengate/shared'

export interface Section {
  path: string
  label:
    | 'nav.review'
    | 'nav.dashboard'
    | 'nav.people'
    | 'nav.checkpoints'
    | 'nav.colourChange'
    | 'nav.staff'
    | 'nav.audit'
    | 'nav.keys'
  roles: readonly StaffRole[]
}

const BOTH: readonly StaffRole[] = ['reviewer', 'admin']
const ADMIN: readonly StaffRole[] = ['admin']

export const SECTIONS: readonly Section[] = [
  { path: '/dashboard', label: 'nav.dashboard', roles: ADMIN },
  { path: '/review', label: 'nav.review', roles: BOTH },
  { path: '/people', label: 'nav.people', roles: ADMIN },
  { path: '/checkpoints', label: 'nav.checkpoints', roles: ADMIN },
  { path: '/colour-change', label: 'nav.colourChange', roles: ADMIN },
  { path: '/staff', label: 'nav.staff', roles: ADMIN },
  { path: '/audit', label: 'nav.audit', roles: ADMIN },
  { path: '/keys', label: 'nav.keys', roles: ADMIN },
]

export function sectionsFor(role: StaffRole): Section[] {
  return SECTIONS.filter((section) => section.roles.includes(role))
}

/** Whether `role` may open `path` (the section it falls under decides). */
export function mayOpen(role: StaffRole, path: string): boolean {
  const section = SECTIONS.find((s) => path === s.path || path.startsWith(`${s.path}/`))
  return section === undefined || section.roles.includes(role)
}

export function homeOf(role: StaffRole): string {
  return role === 'admin' ? '/dashboard' : '/review'
}
