// How a code travels inside a QR symbol, and how a scanned text becomes a code again.
//
// A JWS is base64url text, which QR can only hold in byte mode (8 bits a
// character). Written as digits instead (each character as two digits, its
// code minus 45, the trick SMART Health Cards use), it fits numeric mode at
// ~3.3 bits a character: a ~295-character code then fits QR version 11 at
// error-correction level M instead of version 13. Scanners may send either form.

/** Prefix of the numeric form; alphanumeric-mode characters only. */
export const QR_NUMERIC_PREFIX = 'GG:/'

const OFFSET = 45 // '-', the lowest character of the base64url alphabet and '.'

/** The code as QR text: prefix plus two digits per character. */
export function encodeCodeAsDigits(token: string): string {
  let digits = ''
  for (let i = 0; i < token.length; i++) {
    const n = token.charCodeAt(i) - OFFSET
    digits += n < 10 ? `0${n}` : String(n)
  }
  return QR_NUMERIC_PREFIX + digits
}

/**
 * The code inside a scanned text: the numeric form decoded, anything else
 * returned as it is for the verifier to judge. Null when the numeric form is
 * broken (odd length, a pair out of range).
 */
export function codeFromScannedText(text: string): string | null {
  const trimmed = text.trim()
  if (!trimmed.startsWith(QR_NUMERIC_PREFIX)) return trimmed

  const digits = trimmed.slice(QR_NUMERIC_PREFIX.length)
  if (digits.length % 2 !== 0 || !/^[0-9]*$/.test(digits)) return null
  let token = ''
  for (let i = 0; i < digits.length; i += 2) {
    const n = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48)
    if (n > 77) return null // 'z' is 122 = 45 + 77
    token += String.fromCharCode(n + OFFSET)
  }
  return token
}
