// The admin's overview: applications by status, passes per checkpoint per hour, refusals.
import type { Stats } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { formatDateTime } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'
import { columnChart, rowChart } from '../widgets/bar-chart.ts'
import { reasonWord } from '../widgets/reason-words.ts'

const HOUR = 3600

export const dashboardPage: Page = (root, { signal }) => {
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const stats = await staffApi.stats({ signal })
      replaceChildren(root, ...dashboard(stats))
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          root,
          failureLine(error, () => void load()),
        )
    }
  }
  void load()
}

function dashboard(stats: Stats): HTMLElement[] {
  const apps = stats.applications
  return [
    h('h1', null, t('dash.title')),
    h(
      'p',
      { class: 'muted' },
      t('dash.generated', { time: formatDateTime(stats.generatedAt) }),
      ' · ',
      t('dash.devices', stats.devices),
    ),
    h('h2', null, t('dash.applications')),
    h(
      'div',
      { class: 'tiles', 'data-stats': 'applications' },
      tile(t('app.pending'), apps.pending, 'pending'),
      tile(t('app.approved'), apps.approved, 'approved'),
      tile(t('app.rejected'), apps.rejected, 'rejected'),
      tile(t('app.superseded'), apps.superseded, 'superseded'),
    ),
    h('h2', null, t('dash.passes')),
    passesByCheckpoint(stats),
    h('h2', null, t('dash.refusals')),
    stats.refusals.length === 0
      ? h('p', { class: 'muted' }, t('dash.noRefusals'))
      : h(
          'div',
          { class: 'card', 'data-chart': 'refusals' },
          rowChart(
            stats.refusals.map((refusal) => ({
              label: reasonWord(refusal.reason),
              value: refusal.count,
            })),
            { title: t('dash.refusals') },
          ),
        ),
  ]
}

function tile(label: string, value: number, key: string): HTMLElement {
  return h(
    'div',
    { class: 'tile', 'data-tile': key },
    h('strong', null, String(value)),
    h('span', null, label),
  )
}

/** One chart per checkpoint: 24 columns, one per hour up to the current one. */
function passesByCheckpoint(stats: Stats): HTMLElement {
  const byCheckpoint = new Map<string, { name: string; hours: Map<number, number> }>()
  for (const row of stats.passesPerHour) {
    const entry = byCheckpoint.get(row.checkpointId) ?? {
      name: row.checkpointName ?? row.checkpointId,
      hours: new Map(),
    }
    entry.hours.set(row.hour, (entry.hours.get(row.hour) ?? 0) + row.passes)
    byCheckpoint.set(row.checkpointId, entry)
  }
  if (byCheckpoint.size === 0) return h('p', { class: 'muted' }, t('dash.noPasses'))

  const lastHour = Math.floor(stats.generatedAt / HOUR) * HOUR
  const hours = Array.from({ length: 24 }, (_, i) => lastHour - (23 - i) * HOUR)
  return h(
    'div',
    { class: 'charts' },
    [...byCheckpoint.entries()].map(([checkpointId, entry]) => {
      const bars = hours.map((hour) => ({
        label: `${new Date(hour * 1000).getHours()}${t('chart.hour')}`,
        value: entry.hours.get(hour) ?? 0,
      }))
      const total = bars.reduce((sum, bar) => sum + bar.value, 0)
      return h(
        'figure',
        { class: 'card', 'data-chart': 'passes', 'data-checkpoint-id': checkpointId },
        h(
          'figcaption',
          null,
          h('strong', null, entry.name),
          ' · ',
          t('dash.passesTotal', { n: total }),
        ),
        columnChart(bars, { title: `${entry.name}: ${t('chart.label')}`, labelEvery: 3 }),
      )
    }),
  )
}
