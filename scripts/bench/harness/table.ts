// Prints the results as one table: path, subject, floor, ratio, bar, pass or miss.
import { round, type Row } from './row.ts'

const HEADERS = ['path', 'subject', 'floor', 'ratio', 'bar', 'result'] as const

/** The table as aligned plain text, for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const cells = rows.map(cellsOf)
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => width(c[i] ?? ''))))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v + ' '.repeat((widths[i] ?? 0) - width(v)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(HEADERS), rule, ...cells.map(line)].join('\n')
}

/** The same table in Markdown, for BENCHMARKS.md. */
export function markdownTable(rows: readonly Row[]): string {
  const escape = (v: string) => v.replaceAll('|', '\\|')
  const head = `| ${HEADERS.join(' | ')} |`
  const rule = `|${HEADERS.map(() => '---').join('|')}|`
  const body = rows.map((row) => `| ${cellsOf(row).map(escape).join(' | ')} |`)
  return [head, rule, ...body].join('\n')
}

function cellsOf(row: Row): string[] {
  const ratio = row.ratio === null ? '-' : `${round(row.ratio)}x`
  const result = row.pass === null ? 'skipped' : row.pass ? 'pass' : 'MISS'
  return [row.path, row.subject, row.floor, ratio, row.bar, result]
}

/** Columns a string takes in a terminal: CJK and other wide characters count two. */
function width(text: string): number {
  let columns = 0
  for (const ch of text)
    columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/u.test(ch) ? 2 : 1
  return columns
}
