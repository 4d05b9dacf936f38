import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { applyMigrations, schemaVersions, type MigrationSet } from './migrations.ts'
import { isStoreError } from './store-error.ts'

const tables = (db: DatabaseSync): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
    }[]
  ).map((r) => r.name)

describe('applyMigrations', () => {
  it('applies each component’s steps once, however often it runs', () => {
    const db = new DatabaseSync(':memory:')
    const calls: number[] = []
    const a: MigrationSet = { component: 'a', steps: ['CREATE TABLE a1 (x)', () => calls.push(2)] }
    const b: MigrationSet = { component: 'b', steps: ['CREATE TABLE b1 (x)'] }
    applyMigrations(db, [a, b])
    applyMigrations(db, [a, b])
    expect(calls).toEqual([2])
    expect(schemaVersions(db)).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    )
    expect(tables(db)).toEqual(['a1', 'b1', 'schema_versions'])
  })

  it('adds a component’s new steps without touching another’s', () => {
    const db = new DatabaseSync(':memory:')
    applyMigrations(db, [{ component: 'a', steps: ['CREATE TABLE a1 (x)'] }])
    applyMigrations(db, [
      { component: 'a', steps: ['CREATE TABLE a1 (x)', 'CREATE TABLE a2 (x)'] },
      { component: 'outbox', steps: ['CREATE TABLE o1 (x)'] },
    ])
    expect(schemaVersions(db)).toEqual(
      new Map([
        ['a', 2],
        ['outbox', 1],
      ]),
    )
  })

  it('rolls back a failing step and names it in STORE_MIGRATION_FAILED', () => {
    const db = new DatabaseSync(':memory:')
    const set: MigrationSet = {
      component: 'a',
      steps: ['CREATE TABLE a1 (x)', 'CREATE TABLE a2 (x); CREATE TABLE broken ('],
    }
    let error: unknown
    try {
      applyMigrations(db, [set])
    } catch (err) {
      error = err
    }
    expect(isStoreError(error, 'STORE_MIGRATION_FAILED')).toBe(true)
    expect((error as Error).message).toBe('migration a 2 failed')
    expect(schemaVersions(db).get('a')).toBe(1)
    expect(tables(db)).not.toContain('a2')
  })

  it('refuses with STORE_TOO_NEW a file migrated by a newer build', () => {
    const db = new DatabaseSync(':memory:')
    applyMigrations(db, [{ component: 'a', steps: ['CREATE TABLE a1 (x)', 'CREATE TABLE a2 (x)'] }])
    expect(() => applyMigrations(db, [{ component: 'a', steps: ['CREATE TABLE a1 (x)'] }])).toThrow(
      expect.objectContaining({ code: 'STORE_TOO_NEW' }),
    )
  })

  it('refuses a component given twice', () => {
    const db = new DatabaseSync(':memory:')
    const set: MigrationSet = { component: 'a', steps: [] }
    expect(() => applyMigrations(db, [set, set])).toThrow(
      expect.objectContaining({ code: 'STORE_MIGRATION_FAILED' }),
    )
  })
})
