// Signing keys: the public JWKS, and an admin's rotation and retirement.
import { jwksSchema, signingKeyListSchema } from '@greengate/shared'
import { z } from 'zod'
import { keyringOf } from '../../crypto/signing-keyring.ts'
import { nowSeconds, primary } from '../../db/client.ts'
import { defineRoute } from '../../http/route.ts'
import { activateKey, listKeys, retireKey } from '../../services/key-admin.ts'
import { currentJwks } from '../../services/signing-keys.ts'
import { tellGates } from '../staff/tell-gates.ts'

const kidParams = z.strictObject({ kid: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'Not a key id') })

/**
 * Gates and neighbours may cache the key set this long. A new key is published when the
 * secret gains it, and should be activated only after this (plus the gates' poll) has
 * passed; retirements do not wait for it, they travel on the revocation feed.
 */
const JWKS_MAX_AGE_SECONDS = 300

export const keyRoutes = [
  defineRoute({
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify codes (active and published), and the retired kids',
    tag: 'keys',
    access: 'public',
    response: jwksSchema,
    handler: async (c) => {
      const config = c.get('config')
      const jwks = await currentJwks(
        c.env,
        config.issuer,
        await keyringOf(config.signingKeys),
        nowSeconds(),
      )
      c.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
      return jwks
    },
  }),
  defineRoute({
    method: 'get',
    path: '/admin/keys',
    summary: 'Signing keys and their state (adds keys new in SIGNING_KEYS as published)',
    tag: 'keys',
    access: 'admin',
    response: signingKeyListSchema,
    handler: async (c) => {
      const keyring = await keyringOf(c.get('config').signingKeys)
      return { keys: await listKeys(primary(c.env), keyring, nowSeconds()) }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/keys/:kid/activate',
    summary: 'Rotate: this key signs from now on; the previous one stays published',
    tag: 'keys',
    access: 'admin',
    params: kidParams,
    response: signingKeyListSchema,
    handler: async (c, { params }) => {
      const keyring = await keyringOf(c.get('config').signingKeys)
      const action = {
        db: primary(c.env),
        keyring,
        staffId: c.get('staff').staffId,
        now: nowSeconds(),
      }
      return { keys: await activateKey(action, params.kid) }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/keys/:kid/retire',
    summary: 'Retire a key that no longer signs: its codes are refused; gates hear it on the feed',
    tag: 'keys',
    access: 'admin',
    params: kidParams,
    response: signingKeyListSchema,
    handler: async (c, { params }) => {
      const keyring = await keyringOf(c.get('config').signingKeys)
      const action = {
        db: primary(c.env),
        keyring,
        staffId: c.get('staff').staffId,
        now: nowSeconds(),
      }
      const keys = await retireKey(action, params.kid)
      tellGates(c)
      return { keys }
    },
  }),
]
