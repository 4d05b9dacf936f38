// What staff do in the console, step by step.
import type { Page } from 'playwright-core'

export async function staffSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('[name=username]', username)
  await page.fill('[name=password]', password)
  await page.click('[data-action=login]')
  await page.locator('[data-staff-name]').waitFor()
}

/** The staff session token, read from the tab (for the test's own API calls). */
export async function staffToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    const raw = sessionStorage.getItem('gg.staff.session')
    return raw === null ? null : (JSON.parse(raw) as { token: string }).token
  })
  if (token === null) throw new Error('not signed in to the console')
  return token
}

/** Opens a console section from the navigation, as a person would. */
export async function openSection(page: Page, section: string): Promise<void> {
  await page.click(`[data-nav="${section}"]`)
  await page.waitForURL(new RegExp(`#/${section}$`))
}
