// Creates a staff account (the first admin) straight in D1, local or remote.
//
//   node scripts/create-admin.ts --username admin --password-file ./pw.txt --remote
//   printf '%s' "$PW" | node scripts/create-admin.ts --username admin --password-stdin --local
//
// The password is read from a file or stdin, never from the command line, where
// other users of the machine and the shell history would see it.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { OFFLINE_WRANGLER_ENV } from './lib/dev-env.ts'
import { writeStaff } from './lib/staff-sql.ts'

const USAGE = `usage: node scripts/create-admin.ts --username <name>
         (--password-file <path> | --password-stdin) [--local | --remote]
         [--display-name <name>] [--role admin|reviewer] [--persist-to <dir>]`

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    'password-file': { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'display-name': { type: 'string' },
    role: { type: 'string', default: 'admin' },
    'persist-to': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
})

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const username = values.username
const fromFile = values['password-file']
const role = values.role
if (
  username === undefined ||
  (fromFile === undefined) === !values['password-stdin'] ||
  (values.local && values.remote) ||
  (role !== 'admin' && role !== 'reviewer')
) {
  console.error(USAGE)
  process.exit(2)
}

const password = stripNewline(
  fromFile === undefined ? readFileSync(0, 'utf8') : readFileSync(fromFile, 'utf8'),
)
const where = values.remote ? 'remote' : 'local'
const root = fileURLToPath(new URL('..', import.meta.url))
try {
  await writeStaff(
    {
      root,
      where,
      env: { ...process.env, ...OFFLINE_WRANGLER_ENV },
      ...(values['persist-to'] === undefined ? {} : { persistTo: values['persist-to'] }),
    },
    [{ username, displayName: values['display-name'] ?? username, role, password }],
    'fail',
  )
} catch (err) {
  const message = err instanceof Error ? err.message : String(err)
  const taken = /UNIQUE constraint failed: staff\.username/.test(message)
  console.error(taken ? `The username ${username} is taken.` : message)
  process.exit(1)
}
console.log(
  `Created ${role} ${username} in the ${where} D1 database. Sign in at POST /staff/login.`,
)

/** A password file usually ends with one newline that is not part of the password. */
function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '')
}
