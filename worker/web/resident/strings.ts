// Every word of the resident app, in one translator.
import { commonStrings } from '../common/common-strings.ts'
import { translator } from '../common/i18n.ts'
import { accountStrings } from './strings-account.ts'
import { codeStrings } from './strings-code.ts'
import { personStrings } from './strings-person.ts'

export const t = translator({
  ...commonStrings,
  ...accountStrings,
  ...personStrings,
  ...codeStrings,
})
