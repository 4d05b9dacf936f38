// Screenshots of the main screens, at phone and desktop widths, for a person to look at:
// artifacts/screenshots/<name>-phone.png and -desktop.png.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { repoRoot } from '../../../scripts/lib/local-edge.ts'
import { DESKTOP, PHONE } from './chromium.ts'

export const SCREENSHOT_DIR = join(repoRoot, 'artifacts/screenshots')

/** Both widths of what `page` shows now; the page's own size is restored afterwards. */
export async function snapBothWidths(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const original = page.viewportSize()
  const paths: string[] = []
  for (const [width, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
    const path = join(SCREENSHOT_DIR, `${name}-${width}.png`)
    await page.screenshot({ path, fullPage: true })
    paths.push(path)
  }
  if (original !== null) await page.setViewportSize(original)
  return paths
}

/** What a page showed when a test failed: a screenshot and its DOM, under failures/. */
export async function saveFailure(page: Page, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, 'failures')
  mkdirSync(dir, { recursive: true })
  const base = join(dir, name.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 80))
  await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 })
  writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`)
}
