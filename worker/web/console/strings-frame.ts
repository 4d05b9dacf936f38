// Console words: the frame, sign-in, navigation and the dashboard.
import type { Strings } from '../common/i18n.ts'

export const frameStrings = {
  'app.title': { zh: '健康码审核与管理', en: 'Health Code Console' },
  'role.reviewer': { zh: '审核员', en: 'Reviewer' },
  'role.admin': { zh: '管理员', en: 'Admin' },
  'login.title': { zh: '工作人员登录', en: 'Staff sign-in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'nav.review': { zh: '审核队列', en: 'Review queue' },
  'nav.dashboard': { zh: '概览', en: 'Dashboard' },
  'nav.people': { zh: '人员查询', en: 'People' },
  'nav.checkpoints': { zh: '卡口与设备', en: 'Checkpoints & devices' },
  'nav.colourChange': { zh: '批量赋码', en: 'Bulk colour change' },
  'nav.staff': { zh: '工作人员', en: 'Staff' },
  'nav.audit': { zh: '审计日志', en: 'Audit log' },
  'nav.keys': { zh: '签名密钥', en: 'Signing keys' },
  'dash.title': { zh: '概览', en: 'Dashboard' },
  'dash.generated': { zh: '统计时间 {time}', en: 'As of {time}' },
  'dash.applications': { zh: '申请（按状态）', en: 'Applications by status' },
  'dash.passes': {
    zh: '近 24 小时各卡口每小时通行',
    en: 'Passes per checkpoint per hour, last 24 h',
  },
  'dash.passesTotal': { zh: '共 {n} 人次', en: '{n} passes' },
  'dash.refusals': { zh: '近 24 小时拒绝原因', en: 'Refused scans by reason, last 24 h' },
  'dash.devices': {
    zh: '设备：{online} 台在线 / 共 {enrolled} 台',
    en: 'Devices: {online} online of {enrolled}',
  },
  'dash.noPasses': { zh: '近 24 小时没有通行记录', en: 'No passes in the last 24 hours' },
  'dash.noRefusals': { zh: '近 24 小时没有拒绝', en: 'No refusals in the last 24 hours' },
  'chart.hour': { zh: '时', en: 'h' },
  'chart.label': {
    zh: '柱状图：每小时通行人次',
    en: 'Bar chart: passes per hour',
  },
  'app.pending': { zh: '待审核', en: 'Pending' },
  'app.approved': { zh: '已通过', en: 'Approved' },
  'app.rejected': { zh: '未通过', en: 'Rejected' },
  'app.superseded': { zh: '已被取代', en: 'Superseded' },
} as const satisfies Strings
