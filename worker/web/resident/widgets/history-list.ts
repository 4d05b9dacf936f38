// A person's history: each status change, and each application version with its outcome.
import type { PersonHistory, PersonStatus } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import {
  APPLICATION_KIND_WORDS,
  APPLICATION_STATUS_WORDS,
  COLOUR_WORDS,
  PERSON_STATUS_WORDS,
  word,
} from '../../common/domain-strings.ts'
import { formatDateTime } from '../../common/format.ts'
import { t } from '../strings.ts'

export function historyList(history: PersonHistory): HTMLElement {
  const events = [...history.events].sort((a, b) => b.at - a.at)
  return h(
    'section',
    { class: 'history' },
    h('h2', null, t('person.history')),
    events.length === 0
      ? h('p', { class: 'muted' }, t('state.empty'))
      : h(
          'ol',
          { class: 'timeline', 'data-history': 'events' },
          events.map((event) =>
            h(
              'li',
              { 'data-event-status': event.status },
              h('time', null, formatDateTime(event.at)),
              ' ',
              h('strong', null, statusWord(event.status)),
              event.colour === null ? null : ` · ${word(COLOUR_WORDS, event.colour)}`,
              event.reason === null
                ? null
                : h('div', { class: 'muted' }, t('person.reason', { reason: event.reason })),
            ),
          ),
        ),
    h('h2', null, t('person.applications')),
    history.applications.length === 0
      ? h('p', { class: 'muted' }, t('state.empty'))
      : h(
          'ol',
          { class: 'timeline', 'data-history': 'applications' },
          history.applications.map((application) =>
            h(
              'li',
              { 'data-application-status': application.status },
              h('time', null, formatDateTime(application.submittedAt)),
              ' ',
              t('person.version', { n: application.version }),
              ` · ${word(APPLICATION_KIND_WORDS, application.kind)} · `,
              h('strong', null, word(APPLICATION_STATUS_WORDS, application.status)),
              application.rejectReason === null
                ? null
                : h(
                    'div',
                    { class: 'muted' },
                    t('person.reason', { reason: application.rejectReason }),
                  ),
            ),
          ),
        ),
  )
}

/** Status events use the person's statuses; an unknown one shows as the API wrote it. */
function statusWord(status: string): string {
  return status in PERSON_STATUS_WORDS ? word(PERSON_STATUS_WORDS, status as PersonStatus) : status
}
