// The reader's choices that outlive a page: language, large text, high contrast.
import type { Language } from './i18n.ts'

export interface Preferences {
  language: Language
  largeText: boolean
  highContrast: boolean
}

const STORAGE_KEY = 'gg.preferences'
const DEFAULTS: Preferences = { language: 'zh', largeText: false, highContrast: false }

let current: Preferences = DEFAULTS
const listeners = new Set<(prefs: Preferences) => void>()

/** Reads the stored choices (and `?lang=en|zh` in the address) and applies them. */
export function loadPreferences(): Preferences {
  current = { ...DEFAULTS, ...readStored() }
  const fromUrl = new URLSearchParams(location.search).get('lang')
  if (fromUrl === 'zh' || fromUrl === 'en') current = { ...current, language: fromUrl }
  applyToDocument(current)
  return current
}

export function currentLanguage(): Language {
  return current.language
}

export function preferences(): Preferences {
  return current
}

export function updatePreferences(change: Partial<Preferences>): void {
  current = { ...current, ...change }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(current))
  } catch {
    // Private browsing may refuse storage: the choice still holds for this page.
  }
  applyToDocument(current)
  for (const listener of listeners) listener(current)
}

/** Called after every change; answers a function that stops listening. */
export function onPreferencesChange(listener: (prefs: Preferences) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function applyToDocument(prefs: Preferences): void {
  const html = document.documentElement
  html.lang = prefs.language === 'zh' ? 'zh-CN' : 'en'
  html.classList.toggle('large-text', prefs.largeText)
  html.classList.toggle('high-contrast', prefs.highContrast)
}

function readStored(): Partial<Preferences> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (raw === null) return {}
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null) return {}
    const stored = parsed as Record<string, unknown>
    const prefs: Partial<Preferences> = {}
    if (stored.language === 'zh' || stored.language === 'en') prefs.language = stored.language
    if (typeof stored.largeText === 'boolean') prefs.largeText = stored.largeText
    if (typeof stored.highContrast === 'boolean') prefs.highContrast = stored.highContrast
    return prefs
  } catch {
    return {}
  }
}
