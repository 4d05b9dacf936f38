// The signing-key table as one column of a statement a request runs anyway, parsed once per
// isolate for each content the table has had.
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { SigningKeyRow } from './signing-keys.ts'
import { ownKeysOf, type OwnKeys } from './trusted-issuers.ts'

/** What verification needs of a key row. */
export type KeyRow = Pick<SigningKeyRow, 'kid' | 'state' | 'publicJwk'>

export interface KeyTable {
  rows: readonly KeyRow[]
  own: OwnKeys
}

/** Every row of signing_keys as JSON text, `[[kid, state, public_jwk], ...]`: one subquery. */
export const keyTableColumn = sql<string>`(SELECT json_group_array(json_array(kid, state,
  public_jwk)) FROM signing_keys)`

const columnSchema = z.array(
  z.tuple([z.string(), z.enum(['published', 'active', 'retired']), z.string()]),
)

// A pure cache keyed by the table's content, not by time: retiring, adding or activating a
// key changes the text, so the very next request already sees it and no TTL can let a
// retired key through. The bound keeps a long-lived isolate from collecting old versions.
const tables = new Map<string, KeyTable>()
const MAX_VERSIONS = 8

/** The table in `json`, as `keyTableColumn` reads it, parsed once per content. */
export function keyTableOf(json: string): KeyTable {
  let table = tables.get(json)
  if (table === undefined) {
    const rows = columnSchema
      .parse(JSON.parse(json))
      .map(([kid, state, publicJwk]): KeyRow => ({ kid, state, publicJwk }))
    table = { rows, own: ownKeysOf(rows) }
    if (tables.size >= MAX_VERSIONS) tables.clear()
    tables.set(json, table)
  }
  return table
}
