// Trusted issuers' public keys: persisted JWKS, held in memory as node:crypto KeyObjects.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { jwksSchema, type Jwks, type TrustedIssuer } from '@greengate/shared'
import type { Logger } from 'pino'
import type { GateStore } from './gate-store.ts'

/** `edge`: fetched from our own edge and refreshed. `static`: from the config file. */
export type KeySource = 'edge' | 'static'

export interface KeyCacheOptions {
  store: GateStore
  /** Neighbouring issuers' key sets from the config file; they replace any stored copy. */
  staticIssuers?: readonly Jwks[]
  logger?: Logger
  now?: () => number
}

export interface IssuerKeysStatus {
  iss: string
  source: KeySource
  kids: string[]
  retiredKids: string[]
  fetchedAt: number
}

export class KeyCache {
  readonly #store: GateStore
  readonly #staticIssuers: readonly Jwks[]
  readonly #logger: Logger | undefined
  readonly #now: () => number
  #issuers: ReadonlyMap<string, TrustedIssuer<KeyObject>> = new Map()
  #status: IssuerKeysStatus[] = []

  constructor(options: KeyCacheOptions) {
    this.#store = options.store
    this.#staticIssuers = options.staticIssuers ?? []
    this.#logger = options.logger
    this.#now = options.now ?? Date.now
  }

  /** The verifier's view; replaced whole on every change, so a decision sees one version. */
  get issuers(): ReadonlyMap<string, TrustedIssuer<KeyObject>> {
    return this.#issuers
  }

  get status(): readonly IssuerKeysStatus[] {
    return this.#status
  }

  /**
   * Writes the configured key sets over stored copies and forgets issuers dropped from
   * the config, then loads everything stored.
   */
  start(): void {
    this.#store.transaction(() => {
      this.#store.db.exec("DELETE FROM trusted_jwks WHERE source = 'static'")
      for (const jwks of this.#staticIssuers) this.#write(jwks, 'static')
    })
    this.#reload()
  }

  stop(): void {}

  /** Stores the edge's key set (shared `jwksSchema` already applied) and rebuilds the keys. */
  setEdgeJwks(jwks: Jwks): void {
    const stored = this.#readSource(jwks.iss)
    if (stored === 'static') {
      this.#logger?.warn({ iss: jwks.iss }, 'edge key set names a configured issuer; ignored')
      return
    }
    this.#store.transaction(() => this.#write(jwks, 'edge'))
    this.#reload()
  }

  /**
   * Marks `kid` retired for `iss` at once (a feed entry), before the refreshed key set
   * arrives: codes it signed are refused with CODE_KEY_RETIRED from now on.
   */
  retireKid(iss: string, kid: string): void {
    this.#store.db
      .prepare('INSERT OR IGNORE INTO retired_kids (iss, kid) VALUES (?, ?)')
      .run(iss, kid)
    this.#reload()
  }

  #write(jwks: Jwks, source: KeySource): void {
    this.#store.db
      .prepare(
        'INSERT INTO trusted_jwks (iss, source, jwks, fetched_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (iss) DO UPDATE SET source = excluded.source, jwks = excluded.jwks, ' +
          'fetched_at = excluded.fetched_at',
      )
      .run(jwks.iss, source, JSON.stringify(jwks), this.#now())
  }

  #readSource(iss: string): KeySource | undefined {
    const row = this.#store.db.prepare('SELECT source FROM trusted_jwks WHERE iss = ?').get(iss) as
      { source: KeySource } | undefined
    return row?.source
  }

  #reload(): void {
    const rows = this.#store.db
      .prepare('SELECT iss, source, jwks, fetched_at FROM trusted_jwks')
      .all() as { iss: string; source: KeySource; jwks: string; fetched_at: number }[]
    const retiredRows = this.#store.db.prepare('SELECT iss, kid FROM retired_kids').all() as {
      iss: string
      kid: string
    }[]

    const issuers = new Map<string, TrustedIssuer<KeyObject>>()
    const status: IssuerKeysStatus[] = []
    for (const row of rows) {
      const parsed = jwksSchema.safeParse(safeJson(row.jwks))
      if (!parsed.success) {
        this.#logger?.error({ iss: row.iss }, 'stored key set unreadable; skipped')
        continue
      }
      const retired = new Set(parsed.data.retired)
      for (const r of retiredRows) if (r.iss === row.iss) retired.add(r.kid)
      const keys = new Map<string, KeyObject>()
      for (const jwk of parsed.data.keys) {
        if (retired.has(jwk.kid)) continue
        try {
          keys.set(jwk.kid, createPublicKey({ key: { ...jwk }, format: 'jwk' }))
        } catch (err) {
          this.#logger?.error({ err, iss: row.iss, kid: jwk.kid }, 'public key unusable; skipped')
        }
      }
      issuers.set(row.iss, { iss: row.iss, keys, retiredKids: retired })
      status.push({
        iss: row.iss,
        source: row.source,
        kids: [...keys.keys()],
        retiredKids: [...retired],
        fetchedAt: row.fetched_at,
      })
    }
    this.#issuers = issuers
    this.#status = status
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
