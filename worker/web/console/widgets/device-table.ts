// A checkpoint's gate devices and their health, as their last heartbeats tell it.
import type { Device } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import { formatDateTime } from '../../common/format.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

/** A device not heard from for this long is shown as silent. */
const SILENT_AFTER_SECONDS = 300

export function deviceTable(devices: readonly Device[], changed: () => void): HTMLElement {
  return h(
    'table',
    { class: 'devices' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, t('cp.deviceName')),
        h('th', null, t('cp.heartbeat')),
        h('th', null, t('cp.cacheAge')),
        h('th', null, t('cp.outbox')),
        h('th', null, t('cp.alarms')),
        h('th', null, ''),
      ),
    ),
    h(
      'tbody',
      null,
      devices.map((device) => deviceRow(device, changed)),
    ),
  )
}

function deviceRow(device: Device, changed: () => void): HTMLElement {
  const health = device.health
  const age = device.heartbeatAgeSeconds
  const silent = age === null || age > SILENT_AFTER_SECONDS
  const alarms = [...(health?.fireAlarm === true ? [t('cp.fire')] : []), ...(health?.alarms ?? [])]
  return h(
    'tr',
    {
      'data-device-id': device.id,
      class: device.revokedAt !== null ? 'revoked' : silent ? 'silent' : undefined,
    },
    h('td', null, device.name),
    h(
      'td',
      null,
      device.lastHeartbeatAt === null
        ? t('cp.never')
        : [
            formatDateTime(device.lastHeartbeatAt),
            ' ',
            h('span', { class: 'muted' }, t('cp.heartbeatAgo', { s: age ?? 0 })),
          ],
    ),
    h(
      'td',
      null,
      health?.cacheAgeSeconds == null ? '—' : `${Math.round(health.cacheAgeSeconds)} s`,
    ),
    h('td', null, health === null ? '—' : String(health.outboxDepth)),
    h(
      'td',
      { class: alarms.length > 0 ? 'flag' : undefined },
      alarms.length === 0 ? '—' : alarms.join('、'),
    ),
    h('td', null, device.revokedAt !== null ? t('cp.revoked') : revokeButton(device.id, changed)),
  )
}

/** First press asks, second revokes: a revoked gate stops verifying at once. */
function revokeButton(deviceId: string, changed: () => void): HTMLElement {
  let armed = false
  const button = h(
    'button',
    { type: 'button', class: 'secondary', 'data-action': 'revoke-device' },
    t('cp.revokeDevice'),
  )
  button.addEventListener('click', () => {
    if (!armed) {
      armed = true
      button.textContent = t('action.confirm')
      button.classList.add('danger')
      return
    }
    button.disabled = true
    void staffApi.revokeDevice(deviceId).then(changed, changed)
  })
  return button
}
