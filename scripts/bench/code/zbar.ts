// The independent reference decoder: Debian's zbarimg, run once over many image files.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Writes grey pixels as a binary PGM, a format zbarimg reads as it is. */
export function writePgm(path: string, pixels: Uint8Array, width: number, height: number): void {
  writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), pixels]))
}

/** What zbarimg read in each file (QR codes only): path -> texts. */
export async function zbarRead(paths: readonly string[]): Promise<Map<string, string[]>> {
  const read = new Map<string, string[]>(paths.map((p) => [p, []]))
  if (paths.length === 0) return read
  let stdout: string
  try {
    const args = ['--xml', '-q', '-Sdisable', '-Sqrcode.enable', ...paths]
    ;({ stdout } = await run('zbarimg', args, { maxBuffer: 64 * 2 ** 20, timeout: 300_000 }))
  } catch (err) {
    // zbarimg exits 4 when some file held no code; its output is still complete.
    const failed = err as { code?: number; stdout?: string }
    if (failed.stdout === undefined || failed.code === undefined) throw err
    stdout = failed.stdout
  }
  const source = /<source href='([^']*)'>([\s\S]*?)<\/source>/g
  for (const match of stdout.matchAll(source)) {
    const path = unescapeXml(match[1] as string)
    const texts = [...(match[2] as string).matchAll(/<data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)]
    read.set(
      path,
      texts.map((t) => t[1] as string),
    )
  }
  return read
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&apos;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}
