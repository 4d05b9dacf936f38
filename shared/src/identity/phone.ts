// Mainland mobile numbers: the schema (with or without +86) and the masked form.
import { z } from 'zod'

/** 11 digits: 1, then 3-9, then 9 more. */
const MOBILE = /^1[3-9]\d{9}$/

/** Drops spaces and hyphens, and the country code (+86, 0086 or 86) in front of 11 digits. */
export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s-]+/g, '')
  const match = /^(?:\+86|0086|86)?(\d{11})$/.exec(compact)
  return match?.[1] ?? compact
}

export function isMainlandMobile(phone: string): boolean {
  return MOBILE.test(phone)
}

/** A mainland mobile number; comes out as the bare 11 digits. */
export const mobilePhoneSchema = z
  .string()
  .max(24, { error: 'Mobile number is too long', abort: true })
  .overwrite(normalisePhone)
  .refine(isMainlandMobile, 'Mobile number must be a mainland number: 11 digits starting 13-19')

/** `138****5678`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}
