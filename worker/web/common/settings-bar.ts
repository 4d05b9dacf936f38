// The language switch and the large-text and high-contrast toggles, on every page.
import { commonStrings } from './common-strings.ts'
import { h } from './dom.ts'
import { translator } from './i18n.ts'
import { preferences, updatePreferences } from './preferences.ts'

const t = translator(commonStrings)

export function settingsBar(): HTMLElement {
  const prefs = preferences()
  return h(
    'div',
    { class: 'settings-bar', role: 'group', 'aria-label': t('settings.group') },
    h(
      'button',
      {
        type: 'button',
        class: 'setting',
        'data-setting': 'language',
        'aria-label': t('settings.languageLabel'),
        lang: prefs.language === 'zh' ? 'en' : 'zh-CN',
        onclick: () => updatePreferences({ language: prefs.language === 'zh' ? 'en' : 'zh' }),
      },
      t('settings.language'),
    ),
    toggle('largeText', t('settings.largeText'), prefs.largeText),
    toggle('highContrast', t('settings.highContrast'), prefs.highContrast),
  )
}

function toggle(name: 'largeText' | 'highContrast', label: string, on: boolean): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'setting',
      'data-setting': name,
      'aria-pressed': on ? 'true' : 'false',
      onclick: () => updatePreferences({ [name]: !on }),
    },
    label,
  )
}
