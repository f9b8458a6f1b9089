// The console's i18n layer: i18next with a `common` namespace and one namespace per page (its
// `strings.ts`, listed in the page registry). zh-CN is the default and the fallback.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as common from './common';

export type ConsoleLanguage = 'zh-CN' | 'en';

/** One namespace's strings in both languages (English typed after Chinese, so none is missing). */
export interface Strings {
  readonly zh: Record<string, unknown>;
  readonly en: Record<string, unknown>;
}

const LANGUAGE_KEY = 'budayang-console-language';

export function storedLanguage(): ConsoleLanguage {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function storeLanguage(language: ConsoleLanguage): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = language;
}

export function createConsoleI18n(language: ConsoleLanguage, namespaces: Readonly<Record<string, Strings>>): I18n {
  const instance = i18next.createInstance();
  const all: Record<string, Strings> = { common, ...namespaces };
  const resources: Record<ConsoleLanguage, Record<string, Record<string, unknown>>> = { 'zh-CN': {}, en: {} };
  for (const [ns, strings] of Object.entries(all)) {
    resources['zh-CN'][ns] = strings.zh;
    resources.en[ns] = strings.en;
  }
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: Object.keys(all),
    resources,
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  } as Parameters<I18n['init']>[0]);
  document.documentElement.lang = language;
  return instance;
}

/** A time as people in China read it (Asia/Shanghai), in the page's language. */
export function formatTime(iso: string | null, language: string): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso));
}

/** How long ago, roughly ("3 分钟前" / "3 min ago"). */
export function formatAge(iso: string | null, now: number, language: string): string | null {
  if (!iso) return null;
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const format = new Intl.RelativeTimeFormat(language === 'en' ? 'en' : 'zh-CN', { numeric: 'always', style: 'short' });
  if (seconds < 60) return format.format(-seconds, 'second');
  if (seconds < 3600) return format.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return format.format(-Math.floor(seconds / 3600), 'hour');
  return format.format(-Math.floor(seconds / 86_400), 'day');
}
