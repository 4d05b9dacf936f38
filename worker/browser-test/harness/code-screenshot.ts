// The code as a camera would see it: a screenshot of the code card on a resident's page,
// saved to disk. The gate tests feed the file to the gate daemon as a camera frame.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { SCREENSHOT_DIR } from './screens.ts'

/**
 * Waits until the page shows a live code, screenshots its card (colour frame, QR and masked
 * name) and answers the PNG's path and bytes. `name` makes the file name.
 */
export async function screenshotCode(
  page: Page,
  name: string,
): Promise<{ path: string; png: Buffer }> {
  const card = page.locator('.code-view[data-code-state="showing"] .code-card')
  await card.waitFor({ state: 'visible' })
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  const png = await card.screenshot({ path })
  return { path, png }
}
