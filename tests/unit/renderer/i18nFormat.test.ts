// How values and words read on screen (issue #16, defect 11): every Simplified Chinese string uses
// full-width punctuation — the UI's, the catalog's and the form layer's — and dates, numbers and
// bilingual texts are formatted per language.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateField } from '../../../src-common/forms/validateForm';
import { NAMESPACES } from '../../../src-renderer/i18n';
import { bilingual, formatComing, formatDate, formatDateTime, formatNumber, groupDigits, joinList } from '../../../src-renderer/i18n/format';

/** ASCII punctuation that has a full-width form in Chinese text (hyphens and dots in codes are fine). */
const HALF_WIDTH = /[,:;?!()]/;

function leaves(value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** Every `zh` text of a parsed JSON document, with its path. */
function zhTexts(value: unknown, at = ''): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => zhTexts(v, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'zh' && typeof v === 'string' ? [[`${at}.zh`, v] as [string, string]] : zhTexts(v, `${at}.${k}`)));
}

describe('full-width punctuation in Chinese', () => {
  for (const [ns, mod] of Object.entries(NAMESPACES)) {
    it(`i18n namespace ${ns}`, () => {
      const bad = leaves(mod.zh).filter(([, text]) => HALF_WIDTH.test(text.replace(/\{\{\w+\}\}/g, '')));
      expect(bad).toEqual([]);
    });
  }

  it('the sample catalog (names, labels, options, notes)', () => {
    const catalog = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'));
    expect(zhTexts(catalog).filter(([, text]) => HALF_WIDTH.test(text))).toEqual([]);
  });

  it('the form layer’s messages', () => {
    const phone = { key: 'phone', label: { zh: '联系电话', en: 'Phone' }, type: 'phone' as const, validation: { required: true } };
    const messages = [validateField(phone, ''), validateField(phone, '123'), validateField({ ...phone, type: 'idNumber' }, '123'), validateField({ ...phone, type: 'date' }, 'x')];
    for (const message of messages) expect(message?.zh).not.toMatch(HALF_WIDTH);
  });
});

describe('format', () => {
  it('dates as 1958年7月15日 and 15 July 1958; moments in Asia/Shanghai', () => {
    expect(formatDate('1958-07-15', 'zh-CN')).toBe('1958年7月15日');
    expect(formatDate('19580715', 'zh-CN')).toBe('1958年7月15日');
    expect(formatDate('1958-07-15', 'en')).toBe('15 July 1958');
    expect(formatDate('长期', 'zh-CN')).toBe('长期');
    // 18:30 UTC is 02:30 the next day in Beijing.
    expect(formatDateTime('2026-11-25T18:30:00Z', 'zh-CN')).toBe('2026年11月26日 02:30');
  });

  it('long numbers in groups, amounts with separators, lists and bilingual text per language', () => {
    expect(groupDigits('13800138000', 'phone')).toBe('138 0013 8000');
    expect(groupDigits('42020026112600012345')).toBe('4202 0026 1126 0001 2345');
    expect(groupDigits('DEMO01')).toBe('DEMO01');
    expect(formatNumber(580000, 'zh-CN')).toBe('580,000');
    expect(joinList(['甲', '乙'], 'zh-CN')).toBe('甲、乙');
    expect(joinList(['a', 'b'], 'en')).toBe('a, b');
    expect(bilingual({ zh: '办事', en: 'Apply' }, 'en')).toBe('Apply');
    expect(bilingual({ zh: '办事', en: 'Apply' }, 'zh-CN')).toBe('办事');
  });
});

describe('when the kiosk opens again (issue #11)', () => {
  // 2026-12-05 23:00 in Asia/Shanghai.
  const now = new Date('2026-12-05T15:00:00Z');
  it('says today, tomorrow or the date, on the Shanghai calendar whatever the machine zone', () => {
    expect(formatComing('2026-12-05T15:30:00Z', now, 'zh-CN')).toEqual({ day: 'today', date: '12月5日星期六', time: '23:30' });
    expect(formatComing('2026-12-05T16:30:00Z', now, 'zh-CN')).toMatchObject({ day: 'tomorrow', time: '00:30' });
    expect(formatComing('2026-12-06T00:30:00Z', now, 'zh-CN')).toMatchObject({ day: 'tomorrow', time: '08:30' });
    expect(formatComing('2026-12-08T00:30:00Z', now, 'en')).toEqual({ day: 'later', date: 'Tuesday 8 December', time: '08:30' });
  });
});
