// The reviewer's queue, oldest first: read the declaration and the suggestion, then approve
// with a colour and a validity or reject with a reason. j/k move, a approves, r rejects.
import type { ReviewQueueItem } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'
import { applicationView } from '../widgets/declaration-view.ts'
import { decisionPanel, type DecisionKind } from '../widgets/decision-panel.ts'
import { handleQueueKey } from '../widgets/queue-keys.ts'

export const reviewPage: Page = (root, { signal }) => {
  const status = h('p', { class: 'notice', role: 'status', hidden: true, 'data-review-status': '' })
  const count = h('p', { class: 'muted' })
  const list = h('div', { class: 'queue', role: 'list' })
  const more = h('div', { class: 'actions' })
  replaceChildren(
    root,
    h('h1', null, t('review.title')),
    h('p', { class: 'shortcuts muted' }, t('review.shortcuts')),
    status,
    count,
    list,
    more,
  )

  let items: ReviewQueueItem[] = []
  let selected = 0
  let panel: { index: number; close: () => void } | null = null

  const select = (index: number) => {
    selected = Math.max(0, Math.min(items.length - 1, index))
    list.querySelectorAll<HTMLElement>('.queue-item').forEach((element, i) => {
      element.setAttribute('aria-selected', i === selected ? 'true' : 'false')
      element.classList.toggle('selected', i === selected)
    })
    list
      .querySelectorAll<HTMLElement>('.queue-item')
      [selected]?.scrollIntoView({ block: 'nearest' })
  }

  const open = (kind: DecisionKind) => {
    const item = items[selected]
    const slot = list.querySelectorAll<HTMLElement>('.decision-slot')[selected]
    if (item === undefined || slot === undefined) return
    panel?.close()
    const index = selected
    const close = () => {
      slot.replaceChildren()
      if (panel?.index === index) panel = null
    }
    slot.replaceChildren(
      decisionPanel(kind, item, {
        cancelled: close,
        decided: (message) => {
          panel = null
          status.textContent = message
          status.hidden = false
          items = items.filter((other) => other !== item)
          drawList()
          select(index)
        },
      }),
    )
    panel = { index, close }
  }

  const drawList = () => {
    count.textContent = t('review.count', { n: items.length })
    if (items.length === 0) {
      replaceChildren(list, h('p', { class: 'notice' }, t('review.empty')))
      return
    }
    replaceChildren(
      list,
      items.map((item, index) =>
        h(
          'article',
          {
            class: 'card queue-item',
            role: 'listitem',
            'data-application-id': item.applicationId,
            'data-person-name': item.person.name,
            onclick: (event: Event) => {
              if ((event.target as HTMLElement).closest('.decision-slot') === null) select(index)
            },
          },
          h(
            'header',
            { class: 'queue-head' },
            h('strong', { class: 'person-name' }, item.person.name),
            h('span', { class: 'muted' }, item.person.nameMasked),
          ),
          applicationView(item),
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                'data-action': 'approve',
                onclick: () => (select(index), open('approve')),
              },
              t('review.approve'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'data-action': 'reject',
                onclick: () => (select(index), open('reject')),
              },
              t('review.reject'),
            ),
          ),
          h('div', { class: 'decision-slot' }),
        ),
      ),
    )
    select(selected)
  }

  const load = async (cursor?: string) => {
    if (cursor === undefined) replaceChildren(list, loadingLine())
    try {
      const page = await staffApi.queue(cursor, { signal })
      items = cursor === undefined ? page.items : [...items, ...page.items]
      drawList()
      const next = page.nextCursor
      replaceChildren(
        more,
        next === undefined
          ? null
          : h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => void load(next) },
              t('review.more'),
            ),
      )
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          list,
          failureLine(error, () => void load(cursor)),
        )
    }
  }

  const onKey = (event: KeyboardEvent) =>
    handleQueueKey(event, {
      next: () => select(selected + 1),
      previous: () => select(selected - 1),
      approve: () => open('approve'),
      reject: () => open('reject'),
      cancel: () => panel?.close(),
    })
  document.addEventListener('keydown', onKey)
  void load()
  return () => document.removeEventListener('keydown', onKey)
}
