// Checkpoints and their gate devices: add a checkpoint, enrol a device (its credential shown
// once), and watch each device's heartbeat, cache age, outbox and alarms.
import type { Checkpoint, Device } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { COLOUR_WORDS, word } from '../../common/domain-strings.ts'
import { formErrorBanner, inputField, valueOf } from '../../common/fields.ts'
import { clearFormErrors, showFormErrors } from '../../common/form-errors.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'
import { deviceTable } from '../widgets/device-table.ts'

export const checkpointsPage: Page = (root, { signal }) => {
  const list = h('div', { class: 'checkpoints' }, loadingLine())
  const refreshDevices = async () => {
    try {
      drawDevices(list, await staffApi.devices({ signal }), () => void refreshDevices())
    } catch (error) {
      // The tables keep their last figures; the next round tries again.
      if (!isAbort(error)) return
    }
  }
  const load = async () => {
    try {
      const checkpoints = await staffApi.checkpoints({ signal })
      replaceChildren(
        list,
        checkpoints.map((checkpoint) => checkpointCard(checkpoint, () => void refreshDevices())),
      )
      await refreshDevices()
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          list,
          failureLine(error, () => void load()),
        )
    }
  }
  replaceChildren(
    root,
    h('h1', null, t('cp.title')),
    addCheckpointForm(() => void load()),
    list,
  )
  void load()
  // Heartbeats arrive every minute or so: keep the tables current while the page is open,
  // without touching the forms (a credential just shown must stay readable).
  const timer = window.setInterval(() => void refreshDevices(), 30_000)
  return () => window.clearInterval(timer)
}

function drawDevices(list: HTMLElement, devices: readonly Device[], changed: () => void): void {
  for (const slot of list.querySelectorAll<HTMLElement>('[data-devices-of]')) {
    const own = devices.filter(
      (device) => device.checkpointId === slot.getAttribute('data-devices-of'),
    )
    replaceChildren(
      slot,
      own.length === 0 ? h('p', { class: 'muted' }, t('cp.noDevices')) : deviceTable(own, changed),
    )
  }
}

function addCheckpointForm(added: () => void): HTMLElement {
  const submit = h('button', { type: 'submit', 'data-action': 'add-checkpoint' }, t('cp.create'))
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-form': 'add-checkpoint' },
    h('h2', null, t('cp.add')),
    formErrorBanner(),
    inputField({ path: 'name', label: t('cp.name'), maxlength: 100 }),
    inputField({ path: 'address', label: t('cp.address'), maxlength: 200 }),
    h('div', { class: 'actions' }, submit),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        await staffApi.createCheckpoint({
          name: valueOf(form, 'name'),
          address: valueOf(form, 'address'),
        })
        form.reset()
        added()
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        submit.disabled = false
      }
    })()
  })
  return form
}

function checkpointCard(checkpoint: Checkpoint, enrolled: () => void): HTMLElement {
  const policy = checkpoint.policy
  return h(
    'section',
    { class: 'card checkpoint', 'data-checkpoint-id': checkpoint.id },
    h('h2', null, checkpoint.name),
    h('p', { class: 'muted' }, checkpoint.address),
    h(
      'p',
      { class: 'muted' },
      t('cp.policy', {
        colours: policy.allowedColours.map((colour) => word(COLOUR_WORDS, colour)).join('、'),
        printed: policy.acceptsPrinted ? t('yes') : t('no'),
        s: policy.antiPassbackSeconds,
      }),
    ),
    h('h3', null, t('cp.devices')),
    h('div', { class: 'device-slot', 'data-devices-of': checkpoint.id }),
    enrolForm(checkpoint.id, enrolled),
  )
}

function enrolForm(checkpointId: string, enrolled: () => void): HTMLElement {
  const credential = h('div', { class: 'credential-slot' })
  const submit = h('button', { type: 'submit', 'data-action': 'enrol' }, t('cp.enrol'))
  const form = h(
    'form',
    { class: 'enrol', novalidate: true, 'data-form': 'enrol' },
    formErrorBanner(),
    inputField({ path: 'name', label: t('cp.deviceName'), maxlength: 64 }),
    h('div', { class: 'actions' }, submit),
    credential,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void (async () => {
      clearFormErrors(form)
      submit.disabled = true
      try {
        const answer = await staffApi.enrolDevice(checkpointId, valueOf(form, 'name'))
        // Shown here once and never again: the list that reloads later has no credential.
        replaceChildren(
          credential,
          h(
            'div',
            { class: 'notice credential', role: 'status' },
            h('p', null, t('cp.credential')),
            h(
              'code',
              { 'data-credential': '', 'data-device-id': answer.device.id },
              answer.credential,
            ),
          ),
        )
        form.querySelector<HTMLInputElement>('[name=name]')?.setAttribute('value', '')
        enrolled()
      } catch (error) {
        showFormErrors(form, error, { checkFields: t('errors.checkFields') })
      } finally {
        submit.disabled = false
      }
    })()
  })
  return form
}
