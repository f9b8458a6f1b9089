// How values read on screen, per language (issue #16, defect 11): dates as 1958年7月15日, times in
// Asia/Shanghai, long numbers in groups a person can read back, bilingual catalog text, lists.
// Pure functions of the language, plus one hook that binds them to the current language.
import { useTranslation } from 'react-i18next';
import type { BilingualText } from '../../src-common/forms/formSchema';
import type { Language } from './index';

const CLOCK_ZONE = 'Asia/Shanghai';

function isEnglish(language: string): boolean {
  return language === 'en' || language.startsWith('en-');
}

/** A catalog or config text in the screen's language. */
export function bilingual(text: BilingualText, language: string): string {
  return isEnglish(language) ? text.en : text.zh;
}

/** Items joined as a list: 甲、乙、丙 / a, b, c. */
export function joinList(items: readonly string[], language: string): string {
  return items.join(isEnglish(language) ? ', ' : '、');
}

/** A calendar date (YYYY-MM-DD, or YYYYMMDD): 1958年7月15日 / 15 July 1958. Anything else is returned as is. */
export function formatDate(value: string, language: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!m) return value;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isEnglish(language)) return `${year}年${month}月${day}日`;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** The header clock: date with weekday, and hh:mm, in Asia/Shanghai whatever the machine's zone. */
export function formatClock(now: Date, language: string): { date: string; time: string } {
  const locale = isEnglish(language) ? 'en-GB' : 'zh-CN';
  const date = new Intl.DateTimeFormat(locale, { timeZone: CLOCK_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(now);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: CLOCK_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(now);
  return { date, time };
}

/** A moment (UTC ISO-8601 in storage) as Asia/Shanghai date and time: 2026年11月26日 14:05. */
export function formatDateTime(iso: string, language: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: CLOCK_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = formatDate(`${part('year')}-${part('month')}-${part('day')}`, language);
  return `${date} ${part('hour') === '24' ? '00' : part('hour')}:${part('minute')}`;
}

/** A coming moment relative to now, on the Asia/Shanghai calendar: its day, its date and its time (08:30). */
export interface ComingMoment {
  readonly day: 'today' | 'tomorrow' | 'later';
  /** 12月8日星期二 / Tuesday 8 December */
  readonly date: string;
  readonly time: string;
}

/** When the kiosk opens again, for the closed screen: "今天 / 明天 / 12月8日星期二" and the time. */
export function formatComing(iso: string, now: Date, language: string): ComingMoment {
  const moment = new Date(iso);
  const calendarDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: CLOCK_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const dayIndex = (d: Date) => Date.parse(`${calendarDay(d)}T00:00:00Z`) / 86_400_000;
  const offset = dayIndex(moment) - dayIndex(now);
  const date = new Intl.DateTimeFormat(isEnglish(language) ? 'en-GB' : 'zh-CN', { timeZone: CLOCK_ZONE, month: 'long', day: 'numeric', weekday: 'long' }).format(moment);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: CLOCK_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(moment);
  return { day: offset <= 0 ? 'today' : offset === 1 ? 'tomorrow' : 'later', date, time: time.startsWith('24') ? `00${time.slice(2)}` : time };
}

/**
 * Digits in groups for reading back (defect 11): a mobile number 3-4-4 (138 0013 8000), anything
 * else in fours from the left (6222 0202 0011 2233 445). Non-digit text is returned unchanged.
 */
export function groupDigits(value: string, kind: 'phone' | 'fours' = 'fours'): string {
  if (!/^\d+$/.test(value)) return value;
  if (kind === 'phone' && value.length > 3) return [value.slice(0, 3), value.slice(3, 7), value.slice(7)].filter(Boolean).join(' ');
  return value.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** An amount or a count with thousands separators: 580,000. */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(isEnglish(language) ? 'en-GB' : 'zh-CN').format(value);
}

export interface Format {
  readonly language: Language;
  text(value: BilingualText): string;
  list(items: readonly string[]): string;
  date(value: string): string;
  dateTime(iso: string): string;
  number(value: number): string;
}

/** The format functions bound to the screen's current language. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const language: Language = isEnglish(i18n.language) ? 'en' : 'zh-CN';
  return {
    language,
    text: (value) => bilingual(value, language),
    list: (items) => joinList(items, language),
    date: (value) => formatDate(value, language),
    dateTime: (iso) => formatDateTime(iso, language),
    number: (value) => formatNumber(value, language),
  };
}
