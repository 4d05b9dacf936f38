// Chinese for the API's English error messages. The API's text stays the reference: a
// message not listed here is shown as the API wrote it.

type Rule = readonly [pattern: RegExp, zh: string]

/** `$1`... in the Chinese take the pattern's groups. */
const RULES: readonly Rule[] = [
  // sign-in
  [
    /^Mobile number must be a mainland number: 11 digits starting 13-19$/,
    '请输入大陆手机号：以 13-19 开头的 11 位数字',
  ],
  [/^Mobile number is too long$/, '手机号过长'],
  [/^The code is 6 digits$/, '验证码为 6 位数字'],
  [/^Wrong code: (\d+) tries? left$/, '验证码错误，还可尝试 $1 次'],
  [
    /^Wrong code, and no tries are left: request a new one$/,
    '验证码错误且已无尝试次数，请重新获取',
  ],
  [/^Too many wrong codes: request a new one$/, '错误次数过多，请重新获取验证码'],
  [
    /^This code has expired or was replaced: request a new one$/,
    '验证码已过期或已被新验证码取代，请重新获取',
  ],
  [/^This code was already used: request a new one$/, '验证码已使用过，请重新获取'],
  [/^Your session has ended: sign in again$/, '登录已失效，请重新登录'],
  [/^Sign in first: missing or invalid credentials$/, '请先登录'],
  [/^Another account uses this number$/, '该手机号已被其他账户使用'],
  [/^This is already the number of your account$/, '这已经是您账户的手机号'],
  // people and documents
  [/^Name is required$/, '请填写姓名'],
  [/^Name must be at most (\d+) characters$/, '姓名最多 $1 个字'],
  [
    /^Name may hold only letters, spaces, the middle dot, apostrophes and hyphens$/,
    '姓名只能包含文字、空格、间隔号（·）、撇号和连字符',
  ],
  [/^Address is required$/, '请填写住址'],
  [/^Workplace may not be empty: leave it out$/, '工作单位不能只填空格，不填请留空'],
  [/^Document number is too long$/, '证件号码过长'],
  [/^ID card number must be 18 characters$/, '身份证号码应为 18 位'],
  [
    /^ID card number must be 17 digits followed by a digit or X$/,
    '身份证号码应为 17 位数字加一位数字或 X',
  ],
  [/^ID card number starts with an unknown region code$/, '身份证号码开头的地区代码不存在'],
  [/^ID card number holds an impossible birth date$/, '身份证号码中的出生日期不存在'],
  [/^ID card number holds a birth date in the future$/, '身份证号码中的出生日期晚于今天'],
  [/^ID card number checksum is wrong$/, '身份证号码校验位不对，请核对每一位'],
  [
    /^Household register number must be 9 to 18 letters and digits$/,
    '户口簿编号应为 9 到 18 位字母或数字',
  ],
  [/^Household register number must contain at least 6 digits$/, '户口簿编号至少包含 6 位数字'],
  [
    /^This is an ID card number: choose the resident ID card as the document type$/,
    '这是身份证号码，请选择“居民身份证”作为证件类型',
  ],
  [/^Passport number must be 5 to 17 letters and digits$/, '护照号码应为 5 到 17 位字母或数字'],
  [/^Passport number must contain digits$/, '护照号码应包含数字'],
  [
    /^Hong Kong\/Macao permit number must start with H or M$/,
    '港澳居民来往内地通行证号码应以 H 或 M 开头',
  ],
  [
    /^Hong Kong\/Macao permit number must be H or M followed by 8 or 10 digits$/,
    '港澳通行证号码应为 H 或 M 加 8 位或 10 位数字',
  ],
  [
    /^Taiwan permit number must be 8 digits, or 10 characters/,
    '台湾居民来往大陆通行证号码应为 8 位数字，或 10 位（一位字母或数字加 9 位数字）',
  ],
  [/^This document is already registered for another person$/, '该证件已登记在其他人名下'],
  [/^This account already has a person whose relationship is self$/, '本账户已登记了“本人”'],
  [/^No such person in your account$/, '您的账户中没有此人'],
  [/^No such person on this account$/, '您的账户中没有此人'],
  [/^Send at least one field to change$/, '请至少修改一项'],
  // declaration
  [/^Body temperature must be at least ([\d.]+) °C$/, '体温不能低于 $1 °C'],
  [/^Body temperature must be at most ([\d.]+) °C$/, '体温不能高于 $1 °C'],
  [/^A symptom is listed twice$/, '症状重复'],
  [/^'none' cannot be combined with other symptoms$/, '“无症状”不能与其他症状同时选择'],
  [/^Region name is required$/, '请填写地区名称'],
  [/^Expected a calendar date as YYYY-MM-DD$/, '请填写日期（年-月-日）'],
  [/^Visit ends before it starts$/, '离开日期早于到达日期'],
  [/^Visit starts in the future$/, '到达日期晚于今天'],
  [/^Visit ends in the future$/, '离开日期晚于今天'],
  [/^Visit ended more than (\d+) days ago$/, '只需填写近 $1 天内的行程'],
  [
    /^Another submission for this person arrived at the same time: try again$/,
    '此人有另一份申请同时提交，请重试',
  ],
  // codes
  [/^This person's code has been withdrawn$/, '此人的健康码已被撤销'],
  [/^This person has no approved application$/, '此人尚无通过审核的申请'],
  [/^The approval has expired: submit an updated declaration$/, '审核结果已过期，请重新申报'],
  [/^The approval ends too soon for a new code$/, '审核结果即将到期，无法生成新码，请重新申报'],
  // staff
  [/^Wrong username or password$/, '用户名或密码错误'],
  [/^Too many sign-in attempts: try again in (\d+) minutes$/, '登录尝试过多，请 $1 分钟后再试'],
  [/^Only an admin may do this$/, '只有管理员可以执行此操作'],
  [/^Say why, for the resident to read$/, '请填写原因，申请人会看到'],
  [/^Say why: it goes to the audit log$/, '请填写原因，将记入审计日志'],
  [/^Give exactly one of validDays and validUntil$/, '请填写有效天数'],
  [/^This application is already (\w+)$/, '该申请已处理（$1）'],
  [/^No such application$/, '没有这份申请'],
  [/^This person is already revoked$/, '此人的健康码已被撤销'],
  [/^No such person$/, '没有此人'],
  [/^No such checkpoint$/, '没有此卡口'],
  [/^That username is taken$/, '用户名已被占用'],
  [
    /^Use 3-32 lower-case letters, digits, dots, dashes or underscores$/,
    '用户名为 3-32 位小写字母、数字、点、横线或下划线',
  ],
  [/^Use at least (\d+) characters$/, '至少 $1 个字符'],
  [/^You cannot demote or disable your own account$/, '不能降级或停用自己的账户'],
  [/^This is the last active admin$/, '这是最后一个在用的管理员账户'],
  [/^to is before from$/, '结束时间早于开始时间'],
  [/^The window may cover at most 31 days$/, '时间段最长 31 天'],
  [/^Search by exactly one of doc and phone$/, '请按证件或手机号其中一项查询'],
  // zod's own words, for fields left empty or of the wrong kind
  [/^Invalid input: expected number, received \w+$/, '请填写数字'],
  [/^Invalid input: expected (string|boolean), received (undefined|null)$/, '请填写此项'],
  [/^Invalid option: expected one of .+$/, '请从选项中选择'],
  [/^Too small: expected string to have >=1 characters?$/, '请填写此项'],
  [/^Too big: expected string to have <=(\d+) characters$/, '最多 $1 个字'],
  [/^Unrecognized keys?: .+$/, '提交了多余的内容'],
  // transport
  [/^The network is unreachable$/, '网络不通，请检查网络后重试'],
  [/^Something went wrong on our side$/, '系统出错了，请稍后再试'],
]

/** The Chinese for an API message, or null when there is none. */
export function chineseForApiMessage(message: string): string | null {
  for (const [pattern, zh] of RULES) {
    const match = pattern.exec(message)
    if (match !== null) return zh.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '')
  }
  return null
}
