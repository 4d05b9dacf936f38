// Resident words: the code page and the printed pass.
import type { Strings } from '../common/i18n.ts'

export const codeStrings = {
  'code.title': { zh: '健康码', en: 'Health code' },
  'code.passes': { zh: '可通行', en: 'May pass' },
  'code.stops': { zh: '不可通行，请配合检查', en: 'May not pass: please see the staff' },
  'code.expiresIn': { zh: '{t} 后自动刷新', en: 'Refreshes in {t}' },
  'code.validFor': { zh: '本码 {t} 后失效', en: 'This code expires in {t}' },
  'code.refreshing': { zh: '正在刷新…', en: 'Refreshing…' },
  'code.offline': {
    zh: '网络不通，仍显示上一个有效码，正在重试',
    en: 'Offline: showing the last valid code, retrying',
  },
  'code.expired': {
    zh: '健康码已过期，请联网后刷新',
    en: 'The code has expired: connect to get a new one',
  },
  'code.unavailable': { zh: '无法出示健康码', en: 'No code to show' },
  'code.qrLabel': { zh: '{colour}二维码', en: '{colour} QR code' },
  'code.issuedAt': { zh: '生成于 {time}', en: 'Issued {time}' },
  'code.antiScreenshot': {
    zh: '动态码每几分钟更新一次，截图无效。',
    en: 'The code changes every few minutes: a screenshot stops working.',
  },
  'print.title': { zh: '纸质通行证', en: 'Paper pass' },
  'print.intro': {
    zh: '为没有手机的老人或孩子打印。纸质通行证有效期为若干天，被撤销时立即失效。',
    en: 'For someone without a phone. A paper pass lasts days, and dies at once if revoked.',
  },
  'print.notApproved': {
    zh: '审核通过后才能打印纸质通行证。',
    en: 'A paper pass can be printed once the person is approved.',
  },
  'print.make': { zh: '生成通行证', en: 'Make the pass' },
  'print.validUntil': { zh: '有效期至 {date}', en: 'Valid until {date}' },
  'print.note': {
    zh: '凭此证通行时请出示本人。部分场所不接受纸质通行证。',
    en: 'Bring the person. Some checkpoints do not accept paper passes.',
  },
} as const satisfies Strings
