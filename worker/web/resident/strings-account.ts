// Resident words: sign-in, the account and the list of people.
import type { Strings } from '../common/i18n.ts'

export const accountStrings = {
  'app.title': { zh: '余杭健康码', en: 'Yuhang Health Code' },
  'app.skip': { zh: '跳到正文', en: 'Skip to content' },
  'login.title': { zh: '手机号登录', en: 'Sign in with your mobile number' },
  'login.intro': {
    zh: '首次登录将自动注册。可为自己、孩子和家中老人申领健康码。',
    en: 'Signing in the first time creates your account. Apply for yourself, your children and elderly relatives.',
  },
  'login.phone': { zh: '手机号', en: 'Mobile number' },
  'login.phoneHint': { zh: '中国大陆 11 位手机号', en: 'Mainland China mobile, 11 digits' },
  'login.code': { zh: '短信验证码', en: 'SMS code' },
  'login.sendCode': { zh: '获取验证码', en: 'Send code' },
  'login.resendIn': { zh: '{s} 秒后可重发', en: 'Resend in {s} s' },
  'login.resend': { zh: '重新发送', en: 'Send again' },
  'login.sent': {
    zh: '验证码已发送，{m} 分钟内有效。',
    en: 'Code sent. It is valid for {m} minutes.',
  },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'nav.people': { zh: '我的家人', en: 'My people' },
  'nav.account': { zh: '我的账户', en: 'My account' },
  'people.title': { zh: '我和家人', en: 'My people' },
  'people.intro': {
    zh: '点开一个人查看健康码、审核进度和历史记录。',
    en: 'Open a person to see their code, review status and history.',
  },
  'people.empty': {
    zh: '还没有登记任何人。请先添加您本人。',
    en: 'Nobody yet. Start by adding yourself.',
  },
  'people.addSelf': { zh: '添加本人', en: 'Add myself' },
  'people.addOther': { zh: '为家人代办（孩子、老人）', en: 'Add a child or relative' },
  'people.validUntil': { zh: '有效期至 {date}', en: 'Valid until {date}' },
  'people.showCode': { zh: '出示健康码', en: 'Show code' },
  'account.title': { zh: '我的账户', en: 'My account' },
  'account.phone': { zh: '登录手机号：{phone}', en: 'Mobile number: {phone}' },
  'account.since': { zh: '注册于 {date}', en: 'Since {date}' },
  'account.changePhone': { zh: '更换手机号', en: 'Change mobile number' },
  'account.changeIntro': {
    zh: '家人和记录都会保留。验证码将发送到新号码。',
    en: 'Your people and history stay. The code goes to the new number.',
  },
  'account.newPhone': { zh: '新手机号', en: 'New mobile number' },
  'account.changed': { zh: '手机号已更换为 {phone}', en: 'Your number is now {phone}' },
  'account.confirmChange': { zh: '确认更换', en: 'Change number' },
} as const satisfies Strings
