// The i18n layer: i18next with one namespace per part of the UI. zh-CN is the default and the
// fallback; every namespace has complete zh-CN and en resources.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as common from './common';
import * as keyboard from './keyboard';
import * as pay from './pay';
import * as query from './query';
import * as proof from './proof';
import * as pickup from './pickup';
import * as diagnostics from './diagnostics';
import * as apply from './apply';
import * as errors from './errors';
import * as setup from './setup';
import * as help from './help';
import * as faceCheck from './faceCheck';
import * as voice from './voice';

export type Language = 'zh-CN' | 'en';

/** The language the header's switch goes to: Chinese and English, one tap apart. */
export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}

/** Namespaces: each journey adds one line here with its own strings module. */
export const NAMESPACES = {
  common,
  keyboard,
  pay,
  query,
  proof,
  pickup,
  diagnostics,
  apply,
  errors,
  setup,
  help,
  faceCheck,
  voice,
} as const;

export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  const resources: Record<Language, Record<string, unknown>> = { 'zh-CN': {}, en: {} };
  for (const [ns, mod] of Object.entries(NAMESPACES)) {
    resources['zh-CN'][ns] = mod.zh;
    resources.en[ns] = mod.en;
  }
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: Object.keys(NAMESPACES),
    resources,
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  } as Parameters<I18n['init']>[0]);
  return instance;
}
