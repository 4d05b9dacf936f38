// One person: status with its explanation, what can be done next, and the history.
import type { Person, PersonHistory } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { DOCUMENT_WORDS, RELATIONSHIP_WORDS, word } from '../../common/domain-strings.ts'
import { formatDate } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { t } from '../strings.ts'
import { colourBadge, statusBadge } from '../widgets/badges.ts'
import { historyList } from '../widgets/history-list.ts'

export const personPage: Page = (root, { params, signal }) => {
  const personId = params.personId ?? ''
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const [person, history] = await Promise.all([
        residentApi.person(personId, { signal }),
        residentApi.history(personId, { signal }),
      ])
      replaceChildren(root, ...personView(person, history))
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

function personView(person: Person, history: PersonHistory): HTMLElement[] {
  return [
    h('h1', { class: 'person-name' }, person.name),
    h(
      'p',
      { class: 'muted' },
      `${word(RELATIONSHIP_WORDS, person.relationship)} · `,
      `${word(DOCUMENT_WORDS, person.document.type)} `,
      h('span', { class: 'doc-masked' }, person.document.masked),
    ),
    statusCard(person, history),
    actions(person),
    historyList(history),
  ]
}

function statusCard(person: Person, history: PersonHistory): HTMLElement {
  const rejected = history.applications.find((application) => application.rejectReason !== null)
  return h(
    'section',
    { class: 'card status-card', 'data-status': person.status },
    h(
      'div',
      { class: 'badges' },
      h('span', null, `${t('person.status')}: `),
      statusBadge(person.status),
      person.status === 'approved' && person.colour !== null ? colourBadge(person.colour) : null,
    ),
    statusNote(person, person.status === 'rejected' ? (rejected?.rejectReason ?? null) : null),
  )
}

function statusNote(person: Person, rejectReason: string | null): HTMLElement {
  switch (person.status) {
    case 'draft':
      return h('p', null, t('person.draftNote'))
    case 'pending':
      return h('p', null, t('person.pendingNote'))
    case 'approved':
      return h(
        'p',
        null,
        t('person.approvedNote', {
          date: person.validUntil === null ? '—' : formatDate(person.validUntil),
        }),
      )
    case 'rejected':
      return h(
        'div',
        null,
        h('p', null, t('person.rejectedNote')),
        h('blockquote', { class: 'reject-reason', 'data-reject-reason': '' }, rejectReason ?? '—'),
      )
    case 'revoked':
      return h('p', { class: 'revoked-note' }, t('person.revokedNote'))
  }
}

function actions(person: Person): HTMLElement {
  const base = `#/people/${person.id}`
  const apply =
    person.status === 'draft'
      ? t('person.apply')
      : person.status === 'rejected'
        ? t('person.resubmit')
        : t('person.update')
  return h(
    'div',
    { class: 'actions stacked' },
    person.status === 'approved'
      ? h(
          'a',
          { class: 'button', href: `${base}/code`, 'data-action': 'show-code' },
          t('person.showCode'),
        )
      : null,
    h(
      'a',
      {
        class: person.status === 'approved' ? 'button secondary' : 'button',
        href: `${base}/apply`,
        'data-action': 'apply',
      },
      apply,
    ),
    person.status === 'approved' && person.relationship !== 'self'
      ? h(
          'a',
          { class: 'button secondary', href: `${base}/print`, 'data-action': 'print' },
          t('person.print'),
        )
      : null,
    h(
      'a',
      { class: 'button secondary', href: `${base}/edit`, 'data-action': 'edit' },
      t('person.edit'),
    ),
  )
}
