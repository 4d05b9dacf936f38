// The reasons a gate or the edge refuses a code, in the reader's language.
import { currentLanguage } from '../../common/preferences.ts'

const REASONS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  CODE_NOT_A_CODE: ['不是健康码', 'Not a health code'],
  CODE_MALFORMED: ['码已损坏', 'Malformed code'],
  CODE_TOO_LONG: ['码过长', 'Code too long'],
  CODE_ALG_NOT_ALLOWED: ['签名算法不允许', 'Algorithm not allowed'],
  CODE_WRONG_TYPE: ['类型不对', 'Wrong type'],
  CODE_WRONG_ISSUER: ['签发方不受信任', 'Untrusted issuer'],
  CODE_UNKNOWN_KEY: ['未知密钥', 'Unknown key'],
  CODE_KEY_RETIRED: ['密钥已退役', 'Key retired'],
  CODE_BAD_SIGNATURE: ['签名无效（伪造）', 'Bad signature (forged)'],
  CODE_EXPIRED: ['码已过期', 'Expired'],
  CODE_NOT_YET_VALID: ['码尚未生效', 'Not yet valid'],
  CODE_LIFETIME_TOO_LONG: ['有效期超出规定', 'Lifetime too long'],
  CODE_REVOKED: ['已撤销', 'Revoked'],
  CODE_COLOUR_NOT_ALLOWED: ['颜色不允许通行', 'Colour not allowed'],
  CODE_PRINTED_NOT_ACCEPTED: ['不接受纸质通行证', 'Paper pass not accepted'],
  GATE_ANTI_PASSBACK: ['重复通行', 'Anti-passback'],
  GATE_CLOCK_UNTRUSTED: ['闸机时钟不可信', 'Gate clock untrusted'],
  GATE_CACHE_STALE: ['闸机缓存过旧', 'Gate cache stale'],
  SCAN_NOT_UTF8: ['扫描内容不是文本', 'Scan not text'],
  SCAN_TOO_LONG: ['扫描内容过长', 'Scan too long'],
}

/** Unknown reasons show as their code. */
export function reasonWord(reason: string): string {
  const words = REASONS[reason]
  if (words === undefined) return reason
  return currentLanguage() === 'zh' ? words[0] : words[1]
}
