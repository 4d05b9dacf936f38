// Every word of the staff console, in one translator.
import { commonStrings } from '../common/common-strings.ts'
import { translator } from '../common/i18n.ts'
import { adminStrings } from './strings-admin.ts'
import { frameStrings } from './strings-frame.ts'
import { reviewStrings } from './strings-review.ts'

export const t = translator({
  ...commonStrings,
  ...frameStrings,
  ...reviewStrings,
  ...adminStrings,
})
