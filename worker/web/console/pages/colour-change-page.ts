// Bulk colour change for an exposure window at a checkpoint: preview how many people it
// touches, then confirm. Changing any input asks for a new preview.
import type { Checkpoint, Colour } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { choicesOf, COLOUR_WORDS, word } from '../../common/domain-strings.ts'
import {
  formErrorBanner,
  inputField,
  selectField,
  textareaField,
  valueOf,
} from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export const colourChangePage: Page = (root, { signal }) => {
  const body = h('div', null, loadingLine())
  replaceChildren(
    root,
    h('h1', null, t('cc.title')),
    h('p', { class: 'muted' }, t('cc.intro')),
    body,
  )
  const load = async () => {
    try {
      replaceChildren(body, colourChangeForm(await staffApi.checkpoints({ signal })))
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          body,
          failureLine(error, () => void load()),
        )
    }
  }
  void load()
}

function colourChangeForm(checkpoints: readonly Checkpoint[]): HTMLElement {
  const outcome = h('div', { class: 'outcome', role: 'status', 'data-outcome': '' })
  const preview = h('button', { type: 'submit', 'data-action': 'preview' }, t('cc.preview'))
  const confirm = h('button', {
    type: 'button',
    class: 'danger',
    hidden: true,
    'data-action': 'apply',
  })
  const now = Date.now()
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'colour-change' },
    formErrorBanner(),
    selectField({
      path: 'checkpointId',
      label: t('cc.checkpoint'),
      choices: checkpoints.map((checkpoint) => [checkpoint.id, checkpoint.name] as const),
    }),
    h(
      'div',
      { class: 'row' },
      inputField({
        path: 'from',
        label: t('cc.from'),
        type: 'datetime-local',
        value: localInput(now - 2 * 3600_000),
      }),
      inputField({
        path: 'to',
        label: t('cc.to'),
        type: 'datetime-local',
        value: localInput(now + 60_000),
      }),
    ),
    selectField({
      path: 'colour',
      label: t('cc.colour'),
      choices: choicesOf(COLOUR_WORDS),
      value: 'yellow',
    }),
    textareaField({ path: 'reason', label: t('cc.reason'), rows: 2, maxlength: 500 }),
    h('div', { class: 'actions' }, preview, confirm),
    outcome,
  )

  const exposureWindow = () => ({
    checkpointId: valueOf(form, 'checkpointId'),
    from: seconds(valueOf(form, 'from')),
    to: seconds(valueOf(form, 'to')),
    colour: valueOf(form, 'colour') as Colour,
  })
  // What was previewed is what gets applied; any edit needs a fresh preview.
  form.addEventListener('input', () => {
    confirm.hidden = true
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      confirm.hidden = true
      outcome.replaceChildren()
      preview.disabled = true
      try {
        const request = exposureWindow()
        const counts = await staffApi.previewColourChange(request)
        outcome.textContent = t('cc.previewResult', counts)
        confirm.textContent = t('cc.confirm', {
          n: counts.changing,
          colour: word(COLOUR_WORDS, request.colour),
        })
        confirm.hidden = false
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        preview.disabled = false
      }
    })()
  })

  confirm.addEventListener('click', () => {
    void (async () => {
      clearFormErrors(form)
      confirm.disabled = true
      try {
        const result = await staffApi.applyColourChange({
          ...exposureWindow(),
          confirm: true,
          reason: valueOf(form, 'reason'),
        })
        outcome.textContent = t('cc.done', {
          changed: result.changed,
          revoked: result.codesRevoked,
        })
        confirm.hidden = true
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        confirm.disabled = false
      }
    })()
  })
  return form
}

/** Unix seconds of a local date-time input; an empty one goes as null for the API to refuse. */
function seconds(value: string): number {
  return (value === '' ? null : Math.floor(new Date(value).getTime() / 1000)) as number
}

/** `YYYY-MM-DDTHH:MM` in local time, as datetime-local inputs want it. */
function localInput(ms: number): string {
  const date = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
