import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestIssuer } from '../decide/testing/code-signer.ts'
import { GateStore } from './gate-store.ts'
import { KeyCache } from './key-cache.ts'
import { tempDir } from './testing/temp-dir.ts'

describe('KeyCache', () => {
  let dir: ReturnType<typeof tempDir>
  let store: GateStore
  beforeEach(() => {
    dir = tempDir()
    store = new GateStore({ path: join(dir.path, 'gate.db') })
    store.open()
  })
  afterEach(() => {
    store.close()
    dir.remove()
  })

  it('holds the edge’s keys as KeyObjects and keeps them across a restart', () => {
    const edge = createTestIssuer('gg', 'k1')
    const first = new KeyCache({ store })
    first.start()
    first.setEdgeJwks(edge.jwks())
    const key = first.issuers.get('gg')?.keys.get('k1')
    expect(key?.asymmetricKeyType).toBe('ec')

    const second = new KeyCache({ store })
    second.start()
    expect(second.issuers.get('gg')?.keys.has('k1')).toBe(true)
  })

  it('trusts configured neighbours and forgets one dropped from the config', () => {
    const neighbour = createTestIssuer('other', 'n1')
    const withNeighbour = new KeyCache({ store, staticIssuers: [neighbour.jwks()] })
    withNeighbour.start()
    expect(withNeighbour.issuers.get('other')?.keys.has('n1')).toBe(true)

    const without = new KeyCache({ store })
    without.start()
    expect(without.issuers.has('other')).toBe(false)
  })

  it('does not let the edge overwrite a configured issuer', () => {
    const neighbour = createTestIssuer('other', 'n1')
    const impostor = createTestIssuer('other', 'x1')
    const cache = new KeyCache({ store, staticIssuers: [neighbour.jwks()] })
    cache.start()
    cache.setEdgeJwks(impostor.jwks())
    expect([...(cache.issuers.get('other')?.keys.keys() ?? [])]).toEqual(['n1'])
  })

  it('retires a kid at once and keeps it retired when a later key set still lists it', () => {
    const edge = createTestIssuer('gg', 'k1')
    const cache = new KeyCache({ store })
    cache.start()
    cache.setEdgeJwks(edge.jwks())
    cache.retireKid('gg', 'k1')
    expect(cache.issuers.get('gg')?.keys.has('k1')).toBe(false)
    expect(cache.issuers.get('gg')?.retiredKids.has('k1')).toBe(true)
    cache.setEdgeJwks(edge.jwks())
    expect(cache.issuers.get('gg')?.keys.has('k1')).toBe(false)
  })

  it('names the kids the key set itself marks retired', () => {
    const edge = createTestIssuer('gg', 'k2')
    const cache = new KeyCache({ store })
    cache.start()
    cache.setEdgeJwks(edge.jwks({ retired: ['k1'] }))
    expect(cache.issuers.get('gg')?.retiredKids.has('k1')).toBe(true)
  })
})
