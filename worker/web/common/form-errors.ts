// Puts an API refusal next to the fields it names; what fits no field goes above the form.
import { ApiError } from './api-error.ts'
import { h } from './dom.ts'
import { describeFailure, errorNode } from './error-text.ts'

/** Error codes that belong to one field, e.g. `{ DOCUMENT_TAKEN: 'document.number' }`. */
export type CodeFields = Partial<Record<string, string>>

export interface FormErrorOptions {
  codeFields?: CodeFields
  /** What the banner says above field errors, in the reader's language. */
  checkFields: string
}

/**
 * Clears the old errors, then shows each field issue beside its field (the nearest field
 * whose `data-field` path is a prefix of the issue's), focusing the first. The banner
 * (`[data-form-error]`) gets what matched no field.
 */
export function showFormErrors(form: HTMLElement, error: unknown, options: FormErrorOptions): void {
  clearFormErrors(form)
  const banner = form.querySelector<HTMLElement>('[data-form-error]')
  if (!(error instanceof ApiError)) {
    showBanner(banner, h('span', { class: 'error-text' }, describeFailure(error).text))
    return
  }

  const placed: HTMLElement[] = []
  const unplaced: HTMLElement[] = []
  const issues = error.fields.length > 0 ? error.fields : codeIssue(error, options.codeFields)
  for (const issue of issues) {
    const field = fieldFor(form, issue.path)
    const node = errorNode(issue.message, 'field-error')
    node.setAttribute('data-error-for', issue.path)
    node.setAttribute('data-api-code', issue.code)
    if (field === null) {
      unplaced.push(node)
      continue
    }
    field.classList.add('invalid')
    field.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true')
    field.appendChild(node)
    placed.push(field)
  }

  if (placed.length === 0) showBanner(banner, errorNode(error), ...unplaced)
  else showBanner(banner, h('span', { class: 'error-text' }, options.checkFields), ...unplaced)
  const first = placed[0]?.querySelector<HTMLElement>('input, select, textarea, button')
  first?.focus()
}

export function clearFormErrors(form: HTMLElement): void {
  for (const node of form.querySelectorAll('.field-error')) node.remove()
  for (const field of form.querySelectorAll('.field.invalid')) field.classList.remove('invalid')
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid')
  const banner = form.querySelector<HTMLElement>('[data-form-error]')
  if (banner !== null) {
    banner.replaceChildren()
    banner.hidden = true
  }
}

function codeIssue(error: ApiError, codeFields: CodeFields | undefined) {
  const path = codeFields?.[error.code]
  return path === undefined ? [] : [{ path, code: error.code, message: error.message }]
}

/** The field for `a.b.c`: `[data-field="a.b.c"]`, else `a.b`, else `a`. */
function fieldFor(form: HTMLElement, path: string): HTMLElement | null {
  const parts = path.split('.')
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.')
    const field = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(candidate)}"]`)
    if (field !== null) return field
  }
  return null
}

function showBanner(banner: HTMLElement | null, ...nodes: HTMLElement[]): void {
  if (banner === null) return
  banner.replaceChildren(...nodes)
  banner.hidden = false
}
