// What every bench module offers the runner, and what the runner hands it.
import type { Row } from './row.ts'

export interface BenchContext {
  /** Smaller sizes and fewer rounds: a smoke run of a minute or two. */
  quick: boolean
  /** The repository root. */
  root: string
  /** A scratch folder on the real disk (not tmpfs), removed after the run. */
  scratch: string
  log(message: string): void
}

export interface Bench {
  /** Prefix of the ids of its rows, as `--only` and `--skip` name it. */
  id: string
  run(context: BenchContext): Promise<Row[]>
}
