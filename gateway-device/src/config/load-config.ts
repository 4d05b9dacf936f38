// Reads the config file, checks it, and resolves what it points to (credential, paths).
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { z } from 'zod'
import { ConfigError, type ConfigFieldIssue } from './config-error.ts'
import { gateConfigSchema, type ParsedGateConfig } from './config-schema.ts'

/** The checked config: defaults applied, the credential read, paths absolute. */
export type GateConfig = Omit<ParsedGateConfig, 'edge'> & {
  edge: Omit<ParsedGateConfig['edge'], 'credential' | 'credentialFile'> & { credential: string }
}

/** Reads `path`; throws a `ConfigError` whose message names every wrong field. */
export async function loadConfig(path: string): Promise<GateConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new ConfigError('CONFIG_UNREADABLE', `config error: cannot read ${path}`, { cause: err })
  }

  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ConfigError('CONFIG_NOT_JSON', `config error: ${path} is not JSON${whereIn(err)}`)
  }

  return resolveConfig(parseConfig(json), dirname(resolve(path)))
}

/** Checks a config object already parsed from JSON. */
export function parseConfig(json: unknown): ParsedGateConfig {
  const result = gateConfigSchema.safeParse(json)
  if (result.success) return result.data

  const fields = result.error.issues.map(fieldIssue)
  const lines = fields.map((field) => `config error: ${field.path}: ${field.message}`)
  throw new ConfigError('CONFIG_INVALID', lines.join('\n'), { fields })
}

/** Reads the credential file and makes relative paths relative to the config file. */
export async function resolveConfig(
  config: ParsedGateConfig,
  baseDir: string,
): Promise<GateConfig> {
  const { credential: inline, credentialFile, ...edge } = config.edge
  const credential = inline ?? (await readCredential(resolvePath(baseDir, credentialFile ?? '')))

  return {
    ...config,
    edge: { ...edge, credential },
    dataDir: resolvePath(baseDir, config.dataDir),
    lanes: config.lanes.map((lane) => ({
      ...lane,
      sources: lane.sources.map((source) =>
        source.type === 'lines' && source.path !== 'stdin'
          ? { ...source, path: resolvePath(baseDir, source.path) }
          : source,
      ),
    })),
  }
}

async function readCredential(path: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const message = `config error: edge.credentialFile: cannot read ${path}`
    throw new ConfigError('CONFIG_CREDENTIAL_UNREADABLE', message, { cause: err })
  }
  const credential = text.trim()
  // The content is never echoed: it is a secret even when it is malformed.
  if (!/^gd_[A-Za-z0-9_-]{20,128}$/.test(credential)) {
    const message = `config error: edge.credentialFile: ${path} holds no gate device credential`
    throw new ConfigError('CONFIG_CREDENTIAL_UNREADABLE', message)
  }
  return credential
}

/** Where the JSON broke, without quoting the file: it may hold the credential. */
function whereIn(err: unknown): string {
  const message = err instanceof Error ? err.message : ''
  const lineColumn = /\(line \d+ column \d+\)/.exec(message)
  if (lineColumn) return ` ${lineColumn[0]}`
  const position = /at position \d+/.exec(message)
  return position ? ` (${position[0]})` : ''
}

function resolvePath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path)
}

function fieldIssue(issue: z.core.$ZodIssue): ConfigFieldIssue {
  const path = issue.path.map(String).join('.') || '(top level)'
  return { path, message: issue.message }
}
