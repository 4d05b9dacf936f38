// Labelled form fields whose `data-field` is the API path of what they hold, so that the
// API's field errors land beside them.
import { h, type Child } from './dom.ts'

let nextId = 0

function fieldId(path: string): string {
  nextId += 1
  return `f-${path.replace(/[^A-Za-z0-9]/g, '-')}-${nextId}`
}

export interface InputFieldOptions {
  path: string
  label: string
  value?: string | undefined
  type?: 'text' | 'tel' | 'number' | 'date' | 'datetime-local' | 'password' | 'search'
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'text'
  autocomplete?: string
  placeholder?: string
  hint?: string | undefined
  maxlength?: number
  step?: string
  required?: boolean
}

export function inputField(options: InputFieldOptions): HTMLElement {
  const id = fieldId(options.path)
  const input = h('input', {
    id,
    name: options.path,
    type: options.type ?? 'text',
    value: options.value,
    inputmode: options.inputmode,
    autocomplete: options.autocomplete ?? 'off',
    placeholder: options.placeholder,
    maxlength: options.maxlength,
    step: options.step,
    required: options.required,
    'aria-describedby': options.hint === undefined ? undefined : `${id}-hint`,
  })
  return field(options.path, id, options.label, input, options.hint)
}

export interface SelectFieldOptions {
  path: string
  label: string
  choices: readonly (readonly [value: string, label: string])[]
  value?: string | undefined
  hint?: string | undefined
  onchange?: (value: string) => void
}

export function selectField(options: SelectFieldOptions): HTMLElement {
  const id = fieldId(options.path)
  const select = h(
    'select',
    { id, name: options.path },
    options.choices.map(([value, label]) =>
      h('option', { value, selected: value === options.value }, label),
    ),
  )
  const onchange = options.onchange
  if (onchange !== undefined) select.addEventListener('change', () => onchange(select.value))
  return field(options.path, id, options.label, select, options.hint)
}

export function textareaField(options: InputFieldOptions & { rows?: number }): HTMLElement {
  const id = fieldId(options.path)
  const area = h('textarea', {
    id,
    name: options.path,
    rows: options.rows ?? 3,
    maxlength: options.maxlength,
  })
  area.value = options.value ?? ''
  return field(options.path, id, options.label, area, options.hint)
}

/** A group of checkboxes or radios under one legend; each input's value is its choice. */
export function choiceField(options: {
  path: string
  legend: string
  kind: 'checkbox' | 'radio'
  choices: readonly (readonly [value: string, label: string])[]
  checked: readonly string[]
  hint?: string
}): HTMLElement {
  return h(
    'fieldset',
    { class: 'field choices', 'data-field': options.path },
    h('legend', null, options.legend),
    options.hint === undefined ? null : h('p', { class: 'hint' }, options.hint),
    options.choices.map(([value, label]) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: options.kind,
          name: options.path,
          value,
          checked: options.checked.includes(value),
        }),
        h('span', null, label),
      ),
    ),
  )
}

function field(
  path: string,
  id: string,
  label: string,
  control: Child,
  hint?: string,
): HTMLElement {
  return h(
    'div',
    { class: 'field', 'data-field': path },
    h('label', { for: id }, label),
    hint === undefined ? null : h('p', { class: 'hint', id: `${id}-hint` }, hint),
    control,
  )
}

/** The trimmed value of the named input, select or textarea in `form`. */
export function valueOf(form: HTMLElement, path: string): string {
  const control = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    `[name="${CSS.escape(path)}"]`,
  )
  return control?.value.trim() ?? ''
}

/** The value exactly as typed (passwords keep their spaces). */
export function rawValueOf(form: HTMLElement, path: string): string {
  const control = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(path)}"]`)
  return control?.value ?? ''
}

/** The values of the checked inputs named `path`. */
export function checkedValues(form: HTMLElement, path: string): string[] {
  const inputs = form.querySelectorAll<HTMLInputElement>(
    `input[name="${CSS.escape(path)}"]:checked`,
  )
  return [...inputs].map((input) => input.value)
}

/** The form's banner for errors that belong to no field. */
export function formErrorBanner(): HTMLElement {
  return h('div', { class: 'form-error', 'data-form-error': '', role: 'alert', hidden: true })
}
