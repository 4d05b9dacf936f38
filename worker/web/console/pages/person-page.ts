// One person as an admin sees it (masked): status history, applications, and revocation.
import type { AdminPersonDetail, PersonStatus } from '@greengate/shared'
import { isAbort } from '../../common/api-client.ts'
import { h, replaceChildren } from '../../common/dom.ts'
import {
  APPLICATION_KIND_WORDS,
  APPLICATION_STATUS_WORDS,
  COLOUR_WORDS,
  DOCUMENT_WORDS,
  PERSON_STATUS_WORDS,
  RELATIONSHIP_WORDS,
  word,
} from '../../common/domain-strings.ts'
import { formatDate, formatDateTime } from '../../common/format.ts'
import type { Page } from '../../common/router.ts'
import { failureLine, loadingLine } from '../../common/status-line.ts'
import { staffApi } from '../api.ts'
import { t } from '../strings.ts'
import { colourBadge, statusBadge } from '../widgets/badges.ts'
import { revokeForm } from '../widgets/revoke-form.ts'

export const personPage: Page = (root, { params, signal }) => {
  const personId = params.personId ?? ''
  const load = async () => {
    replaceChildren(root, loadingLine())
    try {
      const detail = await staffApi.person(personId, { signal })
      replaceChildren(root, ...personView(detail, () => void load()))
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

function personView(detail: AdminPersonDetail, reload: () => void): HTMLElement[] {
  const person = detail.person
  return [
    h('h1', null, person.nameMasked),
    h(
      'p',
      null,
      `${word(RELATIONSHIP_WORDS, person.relationship)} · `,
      `${word(DOCUMENT_WORDS, person.document.type)} ${person.document.masked} · `,
      `${t('people.account', { phone: person.phoneMasked })} `,
      statusBadge(person.status),
      ' ',
      person.colour === null ? null : colourBadge(person.colour),
      person.validUntil === null ? null : ` ${formatDate(person.validUntil)}`,
    ),
    person.status === 'revoked'
      ? h('p', { class: 'notice' }, t('people.revoked'))
      : revokeForm(person.id, reload),
    h('h2', null, t('people.history')),
    h(
      'table',
      { class: 'history', 'data-history': 'events' },
      h(
        'tbody',
        null,
        [...detail.events]
          .reverse()
          .map((event) =>
            h(
              'tr',
              { 'data-event-status': event.status },
              h('td', null, formatDateTime(event.at)),
              h(
                'td',
                null,
                statusWord(event.status),
                event.colour === null ? '' : ` · ${word(COLOUR_WORDS, event.colour)}`,
              ),
              h('td', null, event.reason ?? ''),
              h('td', { class: 'muted' }, `${t('people.actor')}: ${event.actor}`),
            ),
          ),
      ),
    ),
    h('h2', null, t('people.applications')),
    h(
      'table',
      { class: 'history', 'data-history': 'applications' },
      h(
        'tbody',
        null,
        detail.applications.map((application) =>
          h(
            'tr',
            null,
            h('td', null, formatDateTime(application.submittedAt)),
            h(
              'td',
              null,
              `v${application.version} · ${word(APPLICATION_KIND_WORDS, application.kind)}`,
            ),
            h('td', null, word(APPLICATION_STATUS_WORDS, application.status)),
            h(
              'td',
              null,
              application.decisionColour === null
                ? ''
                : word(COLOUR_WORDS, application.decisionColour),
            ),
          ),
        ),
      ),
    ),
  ]
}

function statusWord(status: string): string {
  return status in PERSON_STATUS_WORDS ? word(PERSON_STATUS_WORDS, status as PersonStatus) : status
}
