// The audit log, newest first: who did what to what, and the details they gave.
import type { AuditEntry } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { formatDateTime } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'

export const auditPage: Page = (root, { signal }) => {
  const rows = h('tbody')
  const status = h('div', null, loadingLine())
  const more = h('div', { class: 'actions' })
  replaceChildren(
    root,
    h('h1', null, t('audit.title')),
    h(
      'table',
      { class: 'audit' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('audit.when')),
          h('th', null, t('audit.who')),
          h('th', null, t('audit.what')),
          h('th', null, t('audit.target')),
          h('th', null, t('audit.details')),
        ),
      ),
      rows,
    ),
    status,
    more,
  )

  const load = async (cursor?: string) => {
    try {
      const page = await staffApi.audit(cursor, { signal })
      status.replaceChildren()
      rows.append(...page.entries.map(entryRow))
      const next = page.nextCursor
      replaceChildren(
        more,
        next === undefined
          ? null
          : h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => void load(next) },
              t('audit.more'),
            ),
      )
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          status,
          failureLine(error, () => void load(cursor)),
        )
    }
  }
  void load()
}

function entryRow(entry: AuditEntry): HTMLElement {
  return h(
    'tr',
    { 'data-action': entry.action },
    h('td', null, formatDateTime(entry.at)),
    h('td', null, entry.staffUsername ?? entry.staffId),
    h('td', null, h('code', null, entry.action)),
    h('td', null, `${entry.targetType} ${entry.targetId ?? ''}`),
    h('td', { class: 'details' }, JSON.stringify(entry.details)),
  )
}
