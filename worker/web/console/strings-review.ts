// Console words: the review queue and its decisions.
import type { Strings } from '../common/i18n.ts'

export const reviewStrings = {
  'review.title': { zh: '审核队列', en: 'Review queue' },
  'review.count': {
    zh: '本页 {n} 份待审核，按提交时间排序',
    en: '{n} waiting on this page, oldest first',
  },
  'review.empty': { zh: '没有待审核的申请', en: 'Nothing to review' },
  'review.shortcuts': {
    zh: '快捷键：j / k 上下移动，a 通过，r 驳回，Esc 取消',
    en: 'Keys: j / k move, a approve, r reject, Esc cancel',
  },
  'review.more': { zh: '下一页', en: 'Next page' },
  'review.submitted': { zh: '提交于 {time}', en: 'Submitted {time}' },
  'review.kind': { zh: '类型', en: 'Kind' },
  'review.document': { zh: '证件', en: 'Document' },
  'review.address': { zh: '住址', en: 'Address' },
  'review.workplace': { zh: '工作单位', en: 'Workplace' },
  'review.relationship': { zh: '关系', en: 'Relationship' },
  'review.temperature': { zh: '体温', en: 'Temperature' },
  'review.symptoms': { zh: '症状', en: 'Symptoms' },
  'review.regions': { zh: '近 14 天行程', en: 'Travel, last 14 days' },
  'review.noRegions': { zh: '未离开本地', en: 'Stayed here' },
  'review.highRisk': { zh: '高风险', en: 'high-risk' },
  'review.contact': { zh: '密接', en: 'Confirmed contact' },
  'review.suggested': { zh: '建议赋码', en: 'Suggested colour' },
  'review.why': { zh: '依据', en: 'Why' },
  'review.noReasons': { zh: '未触发任何规则', en: 'No rule fired' },
  'review.approve': { zh: '通过 (a)', en: 'Approve (a)' },
  'review.reject': { zh: '驳回 (r)', en: 'Reject (r)' },
  'review.colour': { zh: '赋码颜色', en: 'Colour' },
  'review.validDays': { zh: '有效天数', en: 'Valid for (days)' },
  'review.note': {
    zh: '内部备注（选填，申请人看不到）',
    en: 'Note for staff (optional, not shown to the resident)',
  },
  'review.reason': { zh: '驳回原因（申请人可见）', en: 'Reason (the resident reads it)' },
  'review.confirmApprove': { zh: '确认通过 (Enter)', en: 'Confirm approval (Enter)' },
  'review.confirmReject': { zh: '确认驳回 (Ctrl+Enter)', en: 'Confirm rejection (Ctrl+Enter)' },
  'review.approved': { zh: '已通过：{name}', en: 'Approved: {name}' },
  'review.rejected': { zh: '已驳回：{name}', en: 'Rejected: {name}' },
} as const satisfies Strings
