// "My people": the account holder and dependants, each with status and colour at a glance.
import type { PersonSummary } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import { DOCUMENT_WORDS, RELATIONSHIP_WORDS, word } from '../../common/domain-strings.ts'
import { formatDate } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { residentApi } from '../api.ts'
import { t } from '../strings.ts'
import { colourBadge, statusBadge } from '../widgets/badges.ts'

export const peoplePage: Page = (root, { signal }) => {
  const list = h('div', { class: 'people-list' }, loadingLine())
  replaceChildren(
    root,
    h('h1', null, t('people.title')),
    h('p', { class: 'muted' }, t('people.intro')),
    list,
  )

  const load = async () => {
    replaceChildren(list, loadingLine())
    try {
      const people = await residentApi.listPeople({ signal })
      replaceChildren(list, ...peopleCards(people), addButtons(people))
    } catch (error) {
      if (!isAbort(error))
        replaceChildren(
          list,
          failureLine(error, () => void load()),
        )
    }
  }
  void load()
}

function peopleCards(people: readonly PersonSummary[]): HTMLElement[] {
  if (people.length === 0) return [h('p', { class: 'notice' }, t('people.empty'))]
  return people.map((person) =>
    h(
      'article',
      { class: 'card person-card', 'data-person-id': person.id, 'data-status': person.status },
      h(
        'a',
        { class: 'person-link', href: `#/people/${person.id}` },
        h(
          'div',
          { class: 'person-head' },
          h('strong', { class: 'person-name' }, person.name),
          h('span', { class: 'muted' }, word(RELATIONSHIP_WORDS, person.relationship)),
        ),
        h(
          'div',
          { class: 'person-doc muted' },
          `${word(DOCUMENT_WORDS, person.document.type)} ${person.document.masked}`,
        ),
        h(
          'div',
          { class: 'badges' },
          statusBadge(person.status),
          person.status === 'approved' && person.colour !== null
            ? colourBadge(person.colour)
            : null,
          person.status === 'approved' && person.validUntil !== null
            ? h(
                'span',
                { class: 'muted' },
                t('people.validUntil', { date: formatDate(person.validUntil) }),
              )
            : null,
        ),
      ),
      person.status === 'approved'
        ? h(
            'a',
            {
              class: 'button show-code',
              href: `#/people/${person.id}/code`,
              'data-action': 'show-code',
            },
            t('people.showCode'),
          )
        : null,
    ),
  )
}

function addButtons(people: readonly PersonSummary[]): HTMLElement {
  const hasSelf = people.some((person) => person.relationship === 'self')
  return h(
    'div',
    { class: 'actions stacked' },
    hasSelf
      ? null
      : h(
          'a',
          { class: 'button', href: '#/add/self', 'data-action': 'add-self' },
          t('people.addSelf'),
        ),
    h(
      'a',
      { class: 'button secondary', href: '#/add/other', 'data-action': 'add-other' },
      t('people.addOther'),
    ),
  )
}
