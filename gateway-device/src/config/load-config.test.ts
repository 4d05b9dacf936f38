// Config loading: the example parses, and every mistake is named by its field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isConfigError, type ConfigError } from './config-error.ts'
import { loadConfig, parseConfig } from './load-config.ts'

const CREDENTIAL = `gd_${'A'.repeat(43)}`

function minimal(): Record<string, unknown> {
  return {
    edge: { url: 'http://127.0.0.1:8787', credential: CREDENTIAL },
    dataDir: './data',
    lanes: [
      {
        id: 1,
        sources: [{ type: 'lines', path: 'stdin' }],
        relay: { driver: 'simulated', channel: 1 },
      },
    ],
    inputs: { fireAlarm: { driver: 'simulated' } },
  }
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run()
  } catch (err) {
    if (isConfigError(err)) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('applies defaults to a minimal config', () => {
    const config = parseConfig(minimal())

    expect(config.http).toEqual({ host: '127.0.0.1', port: 8790 })
    expect(config.verification.offlineMode).toBe('refuse')
    expect(config.lanes[0]?.relay.pulseMs).toBe(800)
    expect(config.lanes[0]?.feedback).toBe('log')
    expect(config.outbox.batchSize).toBe(1000)
  })

  it('takes an upload batch as large as the edge accepts, and names one larger', () => {
    expect(parseConfig({ ...minimal(), outbox: { batchSize: 1000 } }).outbox.batchSize).toBe(1000)

    const err = errorOf(() => parseConfig({ ...minimal(), outbox: { batchSize: 1001 } }))

    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.fields.map((f) => f.path)).toEqual(['outbox.batchSize'])
  })

  it('names the field of a wrong type', () => {
    const config = minimal()
    config.lanes = [
      {
        id: 1,
        sources: [{ type: 'lines', path: 'stdin' }],
        relay: { driver: 'simulated', channel: 'one' },
      },
    ]

    const err = errorOf(() => parseConfig(config))

    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.message).toMatch(/^config error: lanes\.0\.relay\.channel: .*expected number/)
    expect(err.fields.map((f) => f.path)).toEqual(['lanes.0.relay.channel'])
  })

  it('names an unknown relay driver', () => {
    const config = minimal()
    config.lanes = [
      {
        id: 1,
        sources: [{ type: 'lines', path: 'stdin' }],
        relay: { driver: 'telepathy', channel: 1 },
      },
    ]

    const err = errorOf(() => parseConfig(config))

    expect(err.fields[0]?.path).toBe('lanes.0.relay.driver')
  })

  it('names a misspelt key instead of ignoring it', () => {
    const config = minimal()
    config.verification = { maxStalnessSeconds: 60 }

    const err = errorOf(() => parseConfig(config))

    expect(err.fields[0]?.path).toBe('verification')
    expect(err.message).toContain('maxStalnessSeconds')
  })

  it('lists every wrong field, one line each', () => {
    const config = minimal()
    config.http = { port: 70_000 }
    config.verification = { offlineMode: 'panic' }

    const err = errorOf(() => parseConfig(config))

    expect(err.fields.map((f) => f.path).sort()).toEqual(['http.port', 'verification.offlineMode'])
    expect(err.message.split('\n')).toHaveLength(2)
  })

  it('wants exactly one of credential and credentialFile', () => {
    const config = minimal()
    config.edge = { url: 'http://127.0.0.1:8787' }

    expect(errorOf(() => parseConfig(config)).fields[0]?.path).toBe('edge.credential')
  })

  it('never echoes a malformed credential', () => {
    const config = minimal()
    config.edge = { url: 'http://127.0.0.1:8787', credential: 'secret-but-wrong' }

    const err = errorOf(() => parseConfig(config))

    expect(err.fields[0]?.path).toBe('edge.credential')
    expect(err.message).not.toContain('secret-but-wrong')
  })

  it('refuses two lanes with the same id or the same relay output', () => {
    const config = minimal()
    const lane = {
      id: 1,
      sources: [{ type: 'lines', path: 'stdin' }],
      relay: { driver: 'simulated', channel: 1 },
    }
    config.lanes = [lane, lane]

    const paths = errorOf(() => parseConfig(config)).fields.map((f) => f.path)

    expect(paths).toEqual(['lanes.1.id', 'lanes.1.relay'])
  })

  it('refuses lanes on one board with different pulse lengths', () => {
    const config = minimal()
    const sources = [{ type: 'lines', path: 'stdin' }]
    config.lanes = [
      { id: 1, sources, relay: { driver: 'simulated', channel: 1, pulseMs: 500 } },
      { id: 2, sources, relay: { driver: 'simulated', channel: 2, pulseMs: 900 } },
    ]

    expect(errorOf(() => parseConfig(config)).fields[0]?.path).toBe('lanes.1.relay.pulseMs')
  })

  it('refuses a serial port used by both a scanner and a relay board', () => {
    const config = minimal()
    config.lanes = [
      {
        id: 1,
        sources: [{ type: 'serial', path: '/dev/ttyUSB0' }],
        relay: { driver: 'serial', path: '/dev/ttyUSB0', channel: 1 },
      },
    ]

    expect(errorOf(() => parseConfig(config)).fields[0]?.path).toBe('lanes.0.sources.0.path')
  })

  it('refuses a passage sensor for a lane that does not exist, or twice for one lane', () => {
    const config = minimal()
    config.inputs = {
      fireAlarm: { driver: 'simulated' },
      passageSensors: [
        { driver: 'simulated', lane: 5 },
        { driver: 'simulated', lane: 1 },
        { driver: 'simulated', lane: 1 },
      ],
    }

    const paths = errorOf(() => parseConfig(config)).fields.map((f) => f.path)

    expect(paths).toEqual(['inputs.passageSensors.0.lane', 'inputs.passageSensors.2.lane'])
  })
})

describe('loadConfig', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-config-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads the shipped example, with its credential file', async () => {
    const example = new URL('../../deploy/gate.example.json', import.meta.url)
    const json = JSON.parse(await (await import('node:fs/promises')).readFile(example, 'utf8'))
    json.edge.credentialFile = 'credential'
    await writeFile(join(dir, 'credential'), `${CREDENTIAL}\n`)
    await writeFile(join(dir, 'gate.json'), JSON.stringify(json))

    const config = await loadConfig(join(dir, 'gate.json'))

    expect(config.edge.credential).toBe(CREDENTIAL)
    expect(config.lanes).toHaveLength(2)
  })

  it('makes relative paths relative to the config file', async () => {
    await writeFile(join(dir, 'gate.json'), JSON.stringify(minimal()))

    const config = await loadConfig(join(dir, 'gate.json'))

    expect(config.dataDir).toBe(join(dir, 'data'))
  })

  it('says where a file is not JSON without quoting it', async () => {
    await writeFile(join(dir, 'gate.json'), `{"edge": {"credential": "${CREDENTIAL}" oops}`)

    const err = await loadConfig(join(dir, 'gate.json')).catch((e: unknown) => e)

    expect(isConfigError(err, 'CONFIG_NOT_JSON')).toBe(true)
    expect((err as Error).message).not.toContain(CREDENTIAL)
    expect((err as Error).message).toMatch(/position \d+|line \d+ column \d+/)
  })

  it('names a missing file', async () => {
    const err = await loadConfig(join(dir, 'absent.json')).catch((e: unknown) => e)

    expect(isConfigError(err, 'CONFIG_UNREADABLE')).toBe(true)
  })

  it('refuses a credential file without a credential, without echoing it', async () => {
    const config = { ...minimal(), edge: { url: 'http://127.0.0.1:8787', credentialFile: 'cred' } }
    await writeFile(join(dir, 'cred'), 'hunter2\n')
    await writeFile(join(dir, 'gate.json'), JSON.stringify(config))

    const err = await loadConfig(join(dir, 'gate.json')).catch((e: unknown) => e)

    expect(isConfigError(err, 'CONFIG_CREDENTIAL_UNREADABLE')).toBe(true)
    expect((err as Error).message).toContain('edge.credentialFile')
    expect((err as Error).message).not.toContain('hunter2')
  })
})
