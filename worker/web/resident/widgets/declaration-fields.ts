// The health declaration's fields: temperature, symptoms, regions visited, contact.
import type { HealthDeclarationInput, RegionVisit, Symptom } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { choicesOf, SYMPTOM_WORDS } from '../../common/domain-strings.ts'
import { checkedValues, choiceField, inputField, valueOf } from '../../common/fields.ts'
import { t } from '../strings.ts'

export function declarationFields(previous: HealthDeclarationInput | null): HTMLElement {
  const regions = h('div', { class: 'regions' })
  const addRow = (visit?: RegionVisit) => {
    regions.appendChild(regionRow(visit, () => renumber(regions)))
    renumber(regions)
  }
  for (const visit of previous?.regionsVisited ?? []) addRow(visit)

  const symptoms = choiceField({
    path: 'declaration.symptoms',
    legend: t('apply.symptoms'),
    kind: 'checkbox',
    choices: choicesOf(SYMPTOM_WORDS),
    checked: previous?.symptoms ?? [],
  })
  // "None" and a symptom exclude each other; ticking one clears the other side.
  symptoms.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement
    if (!box.checked) return
    for (const other of symptoms.querySelectorAll<HTMLInputElement>('input:checked')) {
      if (other !== box && (box.value === 'none' || other.value === 'none')) other.checked = false
    }
  })

  return h(
    'div',
    { class: 'declaration-fields' },
    inputField({
      path: 'declaration.temperatureCelsius',
      label: t('apply.temperature'),
      type: 'number',
      inputmode: 'decimal',
      step: '0.1',
      value:
        previous === null || Number.isNaN(previous.temperatureCelsius)
          ? undefined
          : String(previous.temperatureCelsius),
    }),
    symptoms,
    h(
      'fieldset',
      { class: 'field', 'data-field': 'declaration.regionsVisited' },
      h('legend', null, t('apply.regions')),
      h('p', { class: 'hint' }, t('apply.regionsHint')),
      regions,
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => addRow() },
        t('apply.addRegion'),
      ),
    ),
    h(
      'div',
      { class: 'field', 'data-field': 'declaration.confirmedContact' },
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          name: 'declaration.confirmedContact',
          checked: previous?.confirmedContact === true,
        }),
        h('span', null, t('apply.contact')),
      ),
    ),
  )
}

/** The declaration as entered; the API judges it (an empty temperature is its to refuse). */
export function readDeclaration(form: HTMLElement): HealthDeclarationInput {
  const temperature = valueOf(form, 'declaration.temperatureCelsius')
  const rows = form.querySelectorAll<HTMLElement>('.region-row')
  const contact = form.querySelector<HTMLInputElement>('[name="declaration.confirmedContact"]')
  return {
    // An empty box goes as null, which the API refuses with its own words.
    temperatureCelsius: (temperature === '' ? null : Number(temperature)) as number,
    symptoms: checkedValues(form, 'declaration.symptoms') as Symptom[],
    regionsVisited: [...rows].map((row, i) => ({
      region: valueOf(row, `declaration.regionsVisited.${i}.region`),
      from: valueOf(row, `declaration.regionsVisited.${i}.from`),
      to: valueOf(row, `declaration.regionsVisited.${i}.to`),
      highRisk: row.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked === true,
    })),
    confirmedContact: contact?.checked === true,
  }
}

function regionRow(visit: RegionVisit | undefined, removed: () => void): HTMLElement {
  const row: HTMLElement = h(
    'div',
    { class: 'region-row card' },
    inputField({ path: 'region', label: t('apply.region'), value: visit?.region, maxlength: 100 }),
    h(
      'div',
      { class: 'date-pair' },
      inputField({ path: 'from', label: t('apply.from'), type: 'date', value: visit?.from }),
      inputField({ path: 'to', label: t('apply.to'), type: 'date', value: visit?.to }),
    ),
    h(
      'div',
      { class: 'field', 'data-field': 'highRisk' },
      h(
        'label',
        { class: 'choice' },
        h('input', { type: 'checkbox', name: 'highRisk', checked: visit?.highRisk === true }),
        h('span', null, t('apply.highRisk')),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          row.remove()
          removed()
        },
      },
      t('apply.removeRegion'),
    ),
  )
  return row
}

/** Gives each row's fields their API paths: `declaration.regionsVisited.<i>.<name>`. */
function renumber(regions: HTMLElement): void {
  regions.querySelectorAll<HTMLElement>('.region-row').forEach((row, i) => {
    const base = `declaration.regionsVisited.${i}`
    row.setAttribute('data-field', base)
    for (const field of row.querySelectorAll<HTMLElement>('[data-field]')) {
      const leaf = field.getAttribute('data-leaf') ?? field.getAttribute('data-field') ?? ''
      field.setAttribute('data-leaf', leaf)
      field.setAttribute('data-field', `${base}.${leaf}`)
      const control = field.querySelector('input')
      control?.setAttribute('name', `${base}.${leaf}`)
    }
  })
}
