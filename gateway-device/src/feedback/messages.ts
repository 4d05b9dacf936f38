// What each verdict and reason says on a screen, in Chinese and English.
import type { PassEventReason } from '@greengate/shared'
import type { FaultReason, LaneVerdict } from './lane-result.ts'

export interface Message {
  zh: string
  en: string
}

export const VERDICT_TITLES: Record<LaneVerdict, Message> = {
  pass: { zh: '通过', en: 'PASS' },
  refuse: { zh: '禁止通行', en: 'REFUSED' },
  fault: { zh: '请联系工作人员', en: 'PLEASE SEE STAFF' },
}

export const REASON_MESSAGES: Record<PassEventReason | FaultReason, Message> = {
  OK: { zh: '绿码有效，请通行', en: 'Green code valid, please pass' },
  CODE_NOT_A_CODE: { zh: '不是健康码', en: 'This is not a health code' },
  CODE_MALFORMED: { zh: '健康码无法识别', en: 'The code cannot be read' },
  CODE_TOO_LONG: { zh: '不是健康码', en: 'This is not a health code' },
  CODE_ALG_NOT_ALLOWED: { zh: '健康码无效', en: 'The code is not valid' },
  CODE_WRONG_TYPE: { zh: '不是健康码', en: 'This is not a health code' },
  CODE_WRONG_ISSUER: { zh: '非本地区签发的健康码', en: 'Code from an issuer not accepted here' },
  CODE_UNKNOWN_KEY: { zh: '健康码无法验证', en: 'The code cannot be verified' },
  CODE_KEY_RETIRED: { zh: '健康码已失效，请刷新', en: 'Code no longer valid, please refresh' },
  CODE_BAD_SIGNATURE: { zh: '健康码无效', en: 'The code is not valid' },
  CODE_EXPIRED: { zh: '健康码已过期，请刷新', en: 'Code expired, please refresh' },
  CODE_NOT_YET_VALID: { zh: '健康码尚未生效', en: 'Code not yet valid' },
  CODE_LIFETIME_TOO_LONG: { zh: '健康码有效期超出规定', en: 'Code valid for longer than allowed' },
  CODE_REVOKED: { zh: '健康码已被撤销', en: 'The code has been withdrawn' },
  CODE_COLOUR_NOT_ALLOWED: { zh: '非绿码，禁止通行', en: 'Not a green code' },
  CODE_PRINTED_NOT_ACCEPTED: {
    zh: '此处不接受纸质通行证',
    en: 'Printed passes are not accepted here',
  },
  GATE_ANTI_PASSBACK: { zh: '刚刚已通行', en: 'Already passed just now' },
  GATE_CLOCK_UNTRUSTED: { zh: '设备时间异常', en: 'Gate clock not reliable' },
  GATE_CACHE_STALE: { zh: '设备离线', en: 'Gate offline' },
  SCAN_NOT_UTF8: { zh: '无法识别', en: 'Could not read the scan' },
  SCAN_TOO_LONG: { zh: '不是健康码', en: 'This is not a health code' },
  GATE_RECORD_FAILED: { zh: '设备故障，无法记录', en: 'Gate fault: cannot record' },
  GATE_OUTBOX_FULL: { zh: '设备存储已满', en: 'Gate storage full' },
  GATE_RELAY_FAILED: { zh: '闸机未能打开', en: 'The gate did not open' },
}
