// Strings in Simplified Chinese and English, side by side; every word a page shows goes here.
import { currentLanguage } from './preferences.ts'

export type Language = 'zh' | 'en'

/** One entry per key, both languages: a missing translation does not compile. */
export type Strings = Record<string, Readonly<Record<Language, string>>>

export type Params = Record<string, string | number>

export type Translate<K extends string> = (key: K, params?: Params) => string

/** `t('people.count', { n: 3 })` fills `{n}` in the current language's text. */
export function translator<S extends Strings>(strings: S): Translate<keyof S & string> {
  return (key, params) => fill(strings[key]?.[currentLanguage()] ?? key, params)
}

export function fill(text: string, params: Params | undefined): string {
  if (params === undefined) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}
