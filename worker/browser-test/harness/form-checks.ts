// Assertions that what a page shows beside a field is the API's own error for it.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { ApiErrorAnswer } from './edge-api.ts'

/** The message the API gives for `path` in an error answer (fails when there is none). */
export function apiFieldMessage(answer: { status: number; body: unknown }, path: string): string {
  const fields = (answer.body as ApiErrorAnswer | null)?.error.fields ?? []
  const field = fields.find((issue) => issue.path === path)
  if (field === undefined) {
    throw new Error(
      `the API answered ${answer.status} without an issue at ${path}: ${JSON.stringify(answer.body)}`,
    )
  }
  return field.message
}

/**
 * Waits for the error beside the field at `path` and checks it is the API's message: carried
 * in `data-api-message`, and shown in words on the page (beneath the Chinese, in Chinese mode;
 * as the whole text, in English mode).
 */
export async function expectFieldError(
  page: Page,
  path: string,
  apiMessage: string,
): Promise<void> {
  const error = page.locator(`.field-error[data-error-for="${path}"]`)
  await error.waitFor({ state: 'visible' })
  expect(await error.getAttribute('data-api-message')).toBe(apiMessage)
  const original = error.locator('.error-original')
  if ((await original.count()) > 0) {
    expect(await original.textContent()).toBe(apiMessage)
    expect((await error.locator('.error-main').textContent())?.trim()).not.toBe('')
  } else {
    expect(await error.locator('.error-main').textContent()).toBe(apiMessage)
  }
}

/** The same for an error that belongs to no field, shown in the form's banner. */
export async function expectBannerError(
  page: Page,
  form: string,
  apiMessage: string,
): Promise<void> {
  const node = page.locator(`form[data-form="${form}"] [data-form-error] [data-api-message]`)
  await node.first().waitFor({ state: 'visible' })
  expect(await node.first().getAttribute('data-api-message')).toBe(apiMessage)
}
