// The domain's words in both languages: colours, statuses, documents, relationships,
// symptoms and the reasons behind a suggested colour. Keyed by the API's own values.
import type {
  Colour,
  DocumentType,
  PersonStatus,
  Relationship,
  SuggestionReason,
  Symptom,
} from '@greengate/shared'
import type { Language } from './i18n.ts'
import { currentLanguage } from './preferences.ts'

type Words<K extends string> = Readonly<Record<K, Readonly<Record<Language, string>>>>

export const COLOUR_WORDS: Words<Colour> = {
  green: { zh: '绿码', en: 'Green' },
  yellow: { zh: '黄码', en: 'Yellow' },
  red: { zh: '红码', en: 'Red' },
}

export const PERSON_STATUS_WORDS: Words<PersonStatus> = {
  draft: { zh: '未申报', en: 'Not applied' },
  pending: { zh: '审核中', en: 'Under review' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Rejected' },
  revoked: { zh: '已撤销', en: 'Revoked' },
}

export const APPLICATION_STATUS_WORDS: Words<'pending' | 'approved' | 'rejected' | 'superseded'> = {
  pending: { zh: '审核中', en: 'Under review' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Rejected' },
  superseded: { zh: '已被新申请取代', en: 'Superseded' },
}

export const APPLICATION_KIND_WORDS: Words<'first' | 'resubmission' | 'update'> = {
  first: { zh: '首次申报', en: 'First application' },
  resubmission: { zh: '重新提交', en: 'Resubmission' },
  update: { zh: '信息更新', en: 'Update' },
}

export const DOCUMENT_WORDS: Words<DocumentType> = {
  id_card: { zh: '居民身份证', en: 'Resident ID card' },
  hukou: { zh: '户口簿（无身份证者）', en: 'Household register (no ID card)' },
  passport: { zh: '护照', en: 'Passport' },
  hk_macao_permit: { zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macao permit' },
  taiwan_permit: { zh: '台湾居民来往大陆通行证', en: 'Taiwan permit' },
}

export const RELATIONSHIP_WORDS: Words<Relationship> = {
  self: { zh: '本人', en: 'Myself' },
  child: { zh: '子女', en: 'Child' },
  parent: { zh: '父母', en: 'Parent' },
  grandparent: { zh: '祖父母/外祖父母', en: 'Grandparent' },
  spouse: { zh: '配偶', en: 'Spouse' },
  relative: { zh: '其他亲属', en: 'Relative' },
  other: { zh: '其他（如社区代办）', en: 'Other (e.g. community worker)' },
}

export const SYMPTOM_WORDS: Words<Symptom> = {
  none: { zh: '无以下症状', en: 'None of these' },
  fever: { zh: '发热', en: 'Fever' },
  cough: { zh: '咳嗽', en: 'Cough' },
  sore_throat: { zh: '咽痛', en: 'Sore throat' },
  fatigue: { zh: '乏力', en: 'Fatigue' },
  shortness_of_breath: { zh: '呼吸困难', en: 'Shortness of breath' },
  loss_of_taste_or_smell: { zh: '嗅觉或味觉减退', en: 'Loss of taste or smell' },
  diarrhoea: { zh: '腹泻', en: 'Diarrhoea' },
  runny_nose: { zh: '流涕', en: 'Runny nose' },
  muscle_ache: { zh: '肌肉酸痛', en: 'Muscle ache' },
  headache: { zh: '头痛', en: 'Headache' },
}

export const SUGGESTION_WORDS: Words<SuggestionReason> = {
  FEVER: { zh: '发热（体温 ≥ 37.3 °C 或申报发热）', en: 'Fever (≥ 37.3 °C or declared)' },
  SYMPTOMS: { zh: '申报了其他症状', en: 'Other symptoms declared' },
  HIGH_RISK_TRAVEL: { zh: '到过高风险地区', en: 'Visited a high-risk region' },
  CONFIRMED_CONTACT: { zh: '与确诊病例密切接触', en: 'Close contact with a confirmed case' },
}

/** The word for `key` in the reader's language. */
export function word<K extends string>(words: Words<K>, key: K): string {
  return words[key][currentLanguage()]
}

/** The entries of a word list as `[value, label]` pairs, in their written order. */
export function choicesOf<K extends string>(words: Words<K>): [K, string][] {
  return (Object.keys(words) as K[]).map((key) => [key, word(words, key)])
}
