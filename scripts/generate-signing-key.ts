// Prints a new ES256 signing key (private JWK with a kid) for the SIGNING_KEYS secret,
// alone or merged into the keys a deployment already has.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { generateSigningKey, type PrivateSigningJwk } from './lib/signing-key.ts'

const HELP = `Usage: npx node scripts/generate-signing-key.ts [--merge FILE | --merge -] [--first]

Prints a JSON array for \`wrangler secret put SIGNING_KEYS\` (paste it at the prompt).

SIGNING_KEYS is ONE secret holding ALL signing keys: putting it replaces the old value.
So when you add a key, keep the keys you have:

  --merge FILE   read the current array (a JSON file you keep safe, never in git) and
                 print it with the new key appended
  --merge -      the same, reading the current array from standard input
  --first        print the new key first instead of last. Only the order matters
                 before any key was ever activated: the first key signs until then.

Rotating keys (the order of steps matters):
  1. Merge a new key in and put the secret. The Worker publishes it in
     /.well-known/jwks.json on its next use; it does not sign yet.
  2. Wait until every gate has fetched the new key set (JWKS cache: 5 minutes, plus the
     gates' own refresh interval), then POST /admin/keys/<new kid>/activate.
  3. When the old key's last codes have expired (printed passes live days), POST
     /admin/keys/<old kid>/retire. Gates hear it on the feed within seconds.
  4. Only then remove the retired key from the secret (it no longer signs or verifies).

For example, with the current keys in keys.json (kept safe, outside the repository):
  npx node scripts/generate-signing-key.ts --merge keys.json > keys.next.json
  npx wrangler secret put SIGNING_KEYS < keys.next.json

Never commit the output. Local development keeps its key in .dev.vars (made by npm start).`

const { values } = parseArgs({
  options: {
    merge: { type: 'string' },
    first: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

if (values.help) {
  console.log(HELP)
  process.exit(0)
}

const existing = values.merge === undefined ? [] : readExisting(values.merge)
let key = generateSigningKey()
while (existing.some((k) => k.kid === key.kid)) key = generateSigningKey()
const keys = values.first ? [key, ...existing] : [...existing, key]

const merged = existing.length > 0 ? `, merged with ${existing.length} existing` : ''
console.error(`new key: kid ${key.kid}${merged}`)
console.log(JSON.stringify(keys))

function readExisting(source: string): PrivateSigningJwk[] {
  const text = readFileSync(source === '-' ? 0 : source, 'utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    fail('--merge: the input is not JSON (expected the current SIGNING_KEYS array)')
  }
  if (!Array.isArray(parsed) || !parsed.every(isPrivateJwk)) {
    fail('--merge: expected a JSON array of private JWKs, each with kty, crv, x, y, d and kid')
  }
  return parsed
}

function isPrivateJwk(value: unknown): value is PrivateSigningJwk {
  if (typeof value !== 'object' || value === null) return false
  const jwk = value as Record<string, unknown>
  return ['kty', 'crv', 'x', 'y', 'd', 'kid'].every((field) => typeof jwk[field] === 'string')
}

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}
