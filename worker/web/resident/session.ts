// The resident's session token, kept on this phone until it expires or they sign out.

const KEY = 'gg.resident.session'

interface StoredSession {
  token: string
  expiresAt: number
  phoneMasked: string
}

export function saveSession(session: StoredSession): void {
  localStorage.setItem(KEY, JSON.stringify(session))
}

export function currentSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (raw === null) return null
    const stored = JSON.parse(raw) as Partial<StoredSession>
    if (typeof stored.token !== 'string' || typeof stored.expiresAt !== 'number') return null
    if (stored.expiresAt * 1000 <= Date.now()) return null
    return {
      token: stored.token,
      expiresAt: stored.expiresAt,
      phoneMasked: stored.phoneMasked ?? '',
    }
  } catch {
    return null
  }
}

export function sessionToken(): string | null {
  return currentSession()?.token ?? null
}

export function forgetSession(): void {
  localStorage.removeItem(KEY)
}
