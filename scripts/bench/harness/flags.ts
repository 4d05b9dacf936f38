// The bench runner's command line.

export interface Flags {
  quick: boolean
  /** Bench ids to run (all when empty). */
  only: string[]
  skip: string[]
  /** Where the JSON goes. */
  out: string
  help: boolean
}

export const USAGE = `usage: npm run bench -- [--quick] [--only=id,id] [--skip=id,id] [--out=file]

  --quick        smaller sizes and fewer rounds (a smoke run)
  --only=ids     run only these benches (gate.code-decision, edge, ...: a prefix matches)
  --skip=ids     leave these out
  --out=file     the JSON of the figures (default artifacts/bench/results.json)
`

export function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = {
    quick: false,
    only: [],
    skip: [],
    out: 'artifacts/bench/results.json',
    help: false,
  }
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2) as [string, string?]
    if (name === '--quick') flags.quick = true
    else if (name === '--help' || name === '-h') flags.help = true
    else if (name === '--only') flags.only = list(value)
    else if (name === '--skip') flags.skip = list(value)
    else if (name === '--out' && value !== '') flags.out = value
    else throw new Error(`unknown argument ${arg}\n${USAGE}`)
  }
  return flags
}

/** Whether bench `id` is selected: a listed id matches itself and every id it prefixes. */
export function selected(flags: Flags, id: string): boolean {
  const matches = (wanted: string) => id === wanted || id.startsWith(`${wanted}.`)
  if (flags.skip.some(matches)) return false
  return flags.only.length === 0 || flags.only.some(matches)
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
}
