// Words both apps use: settings, actions, loading and failure states.
import type { Strings } from './i18n.ts'

export const commonStrings = {
  'settings.language': { zh: 'English', en: '中文' },
  'settings.languageLabel': { zh: 'Switch to English', en: '切换到中文' },
  'settings.largeText': { zh: '大字', en: 'Large text' },
  'settings.highContrast': { zh: '高对比', en: 'High contrast' },
  'settings.group': { zh: '显示设置', en: 'Display settings' },
  'action.save': { zh: '保存', en: 'Save' },
  'action.cancel': { zh: '取消', en: 'Cancel' },
  'action.back': { zh: '返回', en: 'Back' },
  'action.retry': { zh: '重试', en: 'Try again' },
  'action.signOut': { zh: '退出登录', en: 'Sign out' },
  'action.submit': { zh: '提交', en: 'Submit' },
  'action.confirm': { zh: '确认', en: 'Confirm' },
  'action.print': { zh: '打印', en: 'Print' },
  'action.refresh': { zh: '刷新', en: 'Refresh' },
  'state.loading': { zh: '正在加载…', en: 'Loading…' },
  'state.saving': { zh: '正在提交…', en: 'Sending…' },
  'state.empty': { zh: '暂无', en: 'None yet' },
  'state.loadFailed': { zh: '加载失败', en: 'Could not load' },
  'errors.checkFields': {
    zh: '请按提示修改标红的项目',
    en: 'Please correct the fields marked in red',
  },
  'errors.offline': { zh: '网络不通', en: 'Offline' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
} as const satisfies Strings
