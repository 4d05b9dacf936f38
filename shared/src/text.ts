// Free text people type (addresses, reasons, names of places, staff and devices): refused
// when it holds characters a reader cannot see but that change what they read, or that
// cannot be stored as they were sent.

/**
 * Control characters (NUL and the other C0/C1 codes), the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069: `abc\u202Etxt.exe` shows as
 * `abcexe.txt`), and lone UTF-16 surrogates, which have no UTF-8 form: D1 would keep
 * broken bytes and answer replacement characters.
 */
const HIDDEN = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u
/** Line breaks and tabs, which a multi-line text (a reason, a note) may hold. */
const LINE_SPACE = /[\n\r\t]/g

export const PLAIN_TEXT_MESSAGE =
  'Text may not hold control characters, direction overrides or broken characters'

/** One line of text: no control character at all, no direction override, no lone surrogate. */
export function isPlainText(text: string): boolean {
  return !HIDDEN.test(text)
}

/** Like isPlainText, but line breaks and tabs are allowed. */
export function isPlainMultilineText(text: string): boolean {
  return isPlainText(text.replace(LINE_SPACE, ' '))
}
