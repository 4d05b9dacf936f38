// The command line: `greengate-gate --config <file>`; runs the daemon until SIGTERM or SIGINT.
import { pino, type Logger } from 'pino'
import { isConfigError } from '../config/config-error.ts'
import { loadConfig } from '../config/load-config.ts'
import { GATE_VERSION } from './build-info.ts'
import { errorCodeOf } from './error-code.ts'
import { GateDaemon } from './gate-daemon.ts'

/** sysexits' EX_CONFIG: the unit file stops restarting on it, as a retry cannot help. */
export const EXIT_CONFIG = 78
export const EXIT_USAGE = 64

const USAGE = `usage: greengate-gate --config <file> [--check]

  --config <file>  the gate's JSON config (see deploy/gate.example.json)
  --check          check the config and exit
  --version        print the version and exit
`

/** Resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv)
  if (args === undefined) {
    process.stderr.write(USAGE)
    return EXIT_USAGE
  }
  if (args.version) {
    process.stdout.write(`${GATE_VERSION}\n`)
    return 0
  }

  let config
  try {
    config = await loadConfig(args.config)
  } catch (err) {
    if (!isConfigError(err)) throw err
    process.stderr.write(`${err.message}\n`)
    return EXIT_CONFIG
  }
  if (args.check) {
    process.stdout.write(`config ok: ${config.lanes.length} lane(s)\n`)
    return 0
  }

  const logger = pino({ level: config.log.level, base: { service: 'greengate-gate' } })
  let daemon: GateDaemon
  try {
    daemon = new GateDaemon({ config, logger })
  } catch (err) {
    // Drivers check their options when built: a bad channel count is a config mistake.
    logger.fatal({ err, code: errorCodeOf(err) }, 'gate could not be built from its config')
    return EXIT_CONFIG
  }

  const stopped = waitForStop(logger, daemon)
  try {
    await daemon.start()
  } catch {
    return 1
  }
  return stopped
}

interface Args {
  config: string
  check: boolean
  version: boolean
}

function parseArgs(argv: readonly string[]): Args | undefined {
  let config: string | undefined
  let check = false
  let version = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--config') config = argv[++i]
    else if (arg.startsWith('--config=')) config = arg.slice('--config='.length)
    else if (arg === '--check') check = true
    else if (arg === '--version') version = true
    else return undefined
  }
  if (version) return { config: '', check, version }
  return config ? { config, check, version } : undefined
}

/** Resolves with the exit code once a signal (or a crash) has stopped the daemon. */
function waitForStop(logger: Logger, daemon: GateDaemon): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (reason: string, code: number) => {
      if (stopping) return logger.warn({ reason }, 'already stopping')
      stopping = true
      logger.info({ reason }, 'gate stopping')
      daemon.stop().then(
        () => resolve(code),
        (err: unknown) => {
          logger.fatal({ err }, 'gate did not stop cleanly')
          resolve(1)
        },
      )
    }
    process.once('SIGTERM', () => stop('SIGTERM', 0))
    process.once('SIGINT', () => stop('SIGINT', 0))
    // A bug somewhere must not leave a relay energised: stop as cleanly as we can, then exit.
    process.on('uncaughtException', (err) => {
      logger.fatal({ err }, 'uncaught exception')
      stop('uncaughtException', 1)
    })
    process.on('unhandledRejection', (err) => {
      logger.fatal({ err }, 'unhandled rejection')
      stop('unhandledRejection', 1)
    })
  })
}
