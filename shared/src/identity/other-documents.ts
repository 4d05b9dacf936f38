// Formats of the documents other than the resident ID card.
import { ID_CARD_LENGTH, idCardProblem } from './id-card.ts'

/**
 * Household register (hukou) number, for people without a second-generation ID card
 * (mostly children, and elderly people whose card has lapsed). Formats differ between
 * provinces: the number printed on the person's page of the register is 9 to 18 letters
 * and digits, usually digits with an occasional letter prefix. We accept exactly that,
 * with at least 6 digits so that a word typed by mistake is refused. A valid 18-character
 * ID card number is refused here: many children's pages carry their citizen ID number,
 * and it must be entered as an ID card so that it is checked and cannot be registered
 * twice under two types.
 */
export function hukouProblem(number: string, today: string): string | null {
  if (!/^[A-Z0-9]{9,18}$/.test(number)) {
    return 'Household register number must be 9 to 18 letters and digits'
  }
  if ((number.match(/\d/g)?.length ?? 0) < 6) {
    return 'Household register number must contain at least 6 digits'
  }
  if (number.length === ID_CARD_LENGTH && idCardProblem(number, today) === null) {
    return 'This is an ID card number: choose the resident ID card as the document type'
  }
  return null
}

/**
 * Passport: Chinese passports are a letter and 8 digits (E12345678) or two letters and 7
 * digits; foreign passports vary. Accept 5 to 17 letters and digits with at least one digit.
 */
export function passportProblem(number: string): string | null {
  if (!/^[A-Z0-9]{5,17}$/.test(number)) return 'Passport number must be 5 to 17 letters and digits'
  if (!/\d/.test(number)) return 'Passport number must contain digits'
  return null
}

/**
 * Mainland travel permit for Hong Kong and Macao residents: H (Hong Kong) or M (Macao)
 * followed by 8 digits (cards since 2013) or 10 digits (older booklets).
 */
export function hkMacaoPermitProblem(number: string): string | null {
  if (!/^[HM]/.test(number)) return 'Hong Kong/Macao permit number must start with H or M'
  if (!/^[HM](\d{8}|\d{10})$/.test(number)) {
    return 'Hong Kong/Macao permit number must be H or M followed by 8 or 10 digits'
  }
  return null
}

/**
 * Mainland travel permit for Taiwan residents: 8 digits (cards since 2015), or 10
 * characters (older permits: 8 digits and a 2-digit issue count, often written as
 * `12345678(01)`; or a letter and 9 digits).
 */
export function taiwanPermitProblem(number: string): string | null {
  if (!/^(\d{8}|[A-Z0-9]\d{9})$/.test(number)) {
    return (
      'Taiwan permit number must be 8 digits, ' +
      'or 10 characters (a digit or letter and 9 digits)'
    )
  }
  return null
}
