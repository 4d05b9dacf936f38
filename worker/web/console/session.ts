// The staff session, kept for this browser tab only: it ends when the tab closes.
import type { Staff } from '@greengate/shared'

const KEY = 'gg.staff.session'

export interface StaffSessionState {
  token: string
  expiresAt: number
  staff: Staff
}

export function saveStaffSession(session: StaffSessionState): void {
  sessionStorage.setItem(KEY, JSON.stringify(session))
}

export function staffSession(): StaffSessionState | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    if (raw === null) return null
    const stored = JSON.parse(raw) as Partial<StaffSessionState>
    if (typeof stored.token !== 'string' || typeof stored.expiresAt !== 'number') return null
    if (stored.staff === undefined || stored.expiresAt * 1000 <= Date.now()) return null
    return { token: stored.token, expiresAt: stored.expiresAt, staff: stored.staff }
  } catch {
    return null
  }
}

export function isAdmin(): boolean {
  return staffSession()?.staff.role === 'admin'
}

export function forgetStaffSession(): void {
  sessionStorage.removeItem(KEY)
}
