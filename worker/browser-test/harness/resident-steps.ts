// What a resident does on the phone page, step by step, as a person would.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { EdgeApi } from './edge-api.ts'

/** The resident's session token, read from the page (for the test's own API calls). */
export async function residentToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    const raw = localStorage.getItem('gg.resident.session')
    return raw === null ? null : (JSON.parse(raw) as { token: string }).token
  })
  if (token === null) throw new Error('the resident is not signed in')
  return token
}

/** Requests an SMS code on the login page, reads it from the dev inbox and signs in. */
export async function signIn(page: Page, api: EdgeApi, phone: string): Promise<void> {
  await page.fill('[name=phone]', phone)
  await page.click('[data-action=send-code]')
  await expect.poll(() => page.locator('[data-action=send-code]').isDisabled()).toBe(true)
  const code = await api.latestOtp(phone)
  await page.fill('[name=code]', code)
  await page.click('[data-action=login]')
  await page.waitForURL(/#\/people$/)
  await page.locator('.people-list .actions').waitFor()
}

export interface PersonEntry {
  relationship?: string
  name: string
  documentType: string
  documentNumber: string
  address: string
}

/** Fills the add-person form (prefix `details.` inside an application). */
export async function fillPerson(page: Page, entry: PersonEntry, prefix = ''): Promise<void> {
  if (entry.relationship !== undefined)
    await page.selectOption(`[name="${prefix}relationship"]`, entry.relationship)
  await page.fill(`[name="${prefix}name"]`, entry.name)
  await page.selectOption(`[name="${prefix}document.type"]`, entry.documentType)
  await page.fill(`[name="${prefix}document.number"]`, entry.documentNumber)
  await page.fill(`[name="${prefix}address"]`, entry.address)
}

/** Fills the declaration: a temperature, no symptoms, no travel, no contact. */
export async function fillHealthyDeclaration(page: Page, temperature: string): Promise<void> {
  await page.fill('[name="declaration.temperatureCelsius"]', temperature)
  const none = page.locator('[name="declaration.symptoms"][value=none]')
  if (!(await none.isChecked())) await none.check()
}

/** Ticks the promise and submits; waits for the person's page to show them pending. */
export async function submitApplication(page: Page, personId: string): Promise<void> {
  const promise = page.locator('[name=promise]')
  if (!(await promise.isChecked())) await promise.check()
  await page.click('[data-action=submit-application]')
  await page.waitForURL(new RegExp(`#/people/${personId}$`))
  await page.locator('.status-card[data-status=pending]').waitFor()
}

/**
 * Opens `url` and draws it afresh. Going to the very address a page is on changes nothing in
 * a hash-routed app (no navigation, no hashchange), so that case reloads instead.
 */
export async function visit(page: Page, url: string): Promise<void> {
  const target = new URL(url, page.url()).href
  if (page.url() === target) await page.reload()
  else await page.goto(url)
}

/** The person id in the page's address (`#/people/<id>/...`). */
export function personIdIn(url: string): string {
  const id = /#\/people\/([^/]+)/.exec(url)?.[1]
  if (id === undefined) throw new Error(`no person in ${url}`)
  return id
}
