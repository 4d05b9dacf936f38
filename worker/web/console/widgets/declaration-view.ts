// An application as a reviewer reads it: details, the declaration, the suggested colour and why.
import type { ReviewQueueItem } from '@greengate/shared'
import { h } from '../../common/dom.ts'
import {
  APPLICATION_KIND_WORDS,
  COLOUR_WORDS,
  DOCUMENT_WORDS,
  RELATIONSHIP_WORDS,
  SUGGESTION_WORDS,
  SYMPTOM_WORDS,
  word,
} from '../../common/domain-strings.ts'
import { formatDateTime } from '../../common/format.ts'
import { t } from '../strings.ts'

/** 37.3 °C, the screening threshold the suggestion rules use (shared/review). */
const FEVER_C = 37.3

export function applicationView(item: ReviewQueueItem): HTMLElement {
  const details = item.details
  const declaration = item.declaration
  return h(
    'div',
    { class: 'application-view' },
    h(
      'dl',
      { class: 'facts' },
      fact(t('review.kind'), `${word(APPLICATION_KIND_WORDS, item.kind)} · v${item.version}`),
      fact(t('review.relationship'), word(RELATIONSHIP_WORDS, item.person.relationship)),
      fact(
        t('review.document'),
        `${word(DOCUMENT_WORDS, item.person.document.type)} ${item.person.document.masked}`,
      ),
      details === null ? null : fact(t('review.address'), details.address),
      details?.workplace == null ? null : fact(t('review.workplace'), details.workplace),
    ),
    declaration === null
      ? null
      : h(
          'dl',
          { class: 'facts declaration' },
          fact(
            t('review.temperature'),
            h(
              'span',
              { class: declaration.temperatureCelsius >= FEVER_C ? 'flag' : undefined },
              `${declaration.temperatureCelsius.toFixed(1)} °C`,
            ),
          ),
          fact(
            t('review.symptoms'),
            declaration.symptoms.map((symptom) => word(SYMPTOM_WORDS, symptom)).join('、') || '—',
          ),
          fact(
            t('review.regions'),
            declaration.regionsVisited.length === 0
              ? t('review.noRegions')
              : h(
                  'ul',
                  { class: 'regions' },
                  declaration.regionsVisited.map((visit) =>
                    h(
                      'li',
                      { class: visit.highRisk ? 'flag' : undefined },
                      `${visit.region} ${visit.from} – ${visit.to}`,
                      visit.highRisk ? ` (${t('review.highRisk')})` : '',
                    ),
                  ),
                ),
          ),
          fact(
            t('review.contact'),
            h(
              'span',
              { class: declaration.confirmedContact ? 'flag' : undefined },
              declaration.confirmedContact ? t('yes') : t('no'),
            ),
          ),
        ),
    h(
      'div',
      { class: 'suggestion', 'data-suggested': item.suggestedColour },
      h('span', null, `${t('review.suggested')}: `),
      h(
        'span',
        { class: `badge colour-${item.suggestedColour}` },
        word(COLOUR_WORDS, item.suggestedColour),
      ),
      h(
        'span',
        { class: 'muted' },
        ` ${t('review.why')}: `,
        item.suggestionReasons.length === 0
          ? t('review.noReasons')
          : item.suggestionReasons.map((reason) => word(SUGGESTION_WORDS, reason)).join('；'),
      ),
    ),
    h('p', { class: 'muted' }, t('review.submitted', { time: formatDateTime(item.submittedAt) })),
  )
}

function fact(label: string, value: string | Node): HTMLElement[] {
  return [h('dt', null, label), h('dd', null, value)]
}
