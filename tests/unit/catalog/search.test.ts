// Catalog search by Chinese text, pinyin initials and full pinyin, over the offered catalog.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import { unwrap } from '../../../src-common/result';
import { CatalogService } from '../../../src-main/core/catalog/CatalogService';

const catalog = unwrap(parseCatalog(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'))));
const city = new CatalogService(catalog, { level: 'city', regionCode: '420200' });
const names = (text: string, limit = 20) => city.search(text, limit).map((r) => r.name.zh);

describe('catalog search', () => {
  it('`bdc` finds the 不动产 items by pinyin initials, the bundle first', () => {
    const results = city.search('bdc', 20);
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(results.every((r) => r.name.zh.includes('不动产'))).toBe(true);
    expect(results.every((r) => r.matchedBy === 'initials')).toBe(true);
    expect(results[0]).toMatchObject({ kind: 'bundle', id: 'bundle-property-transfer' });
  });

  it('`kaiban` finds the 开办 bundles by full pinyin', () => {
    const results = city.search('kaiban', 20);
    expect(results.map((r) => r.id).sort()).toEqual(['bundle-open-company', 'bundle-open-restaurant']);
    expect(results.every((r) => r.matchedBy === 'pinyin' && r.kind === 'bundle')).toBe(true);
  });

  it('full pinyin matches only at syllable starts, and a partly typed last syllable still matches', () => {
    expect(names('shenfenzheng')).toEqual(expect.arrayContaining(['居民身份证换领', '居民身份证补领']));
    expect(names('gongjiji').every((n) => n.includes('公积金'))).toBe(true);
    expect(names('gongjiji').length).toBe(3);
    // `enzheng` lies inside `shenfenzheng` but does not start at a syllable.
    expect(names('enzheng')).toEqual([]);
  });

  it('Chinese text matches names, then keywords and departments', () => {
    expect(names('身份证').slice(0, 3)).toEqual(expect.arrayContaining(['居民身份证换领', '居民身份证补领']));
    const byKeyword = city.search('上户口', 5);
    expect(byKeyword[0]).toMatchObject({ id: 'birth-household-registration', matchedBy: 'keyword' });
    const byDepartment = city.search('残疾人联合会', 10);
    expect(byDepartment.map((r) => r.id).sort()).toEqual(['disability-certificate', 'disability-subsidy']);
  });

  it('keyword pinyin helps when the name does not say it (`sbk` → 社保卡)', () => {
    expect(city.search('sbk', 5).map((r) => r.id)).toContain('social-security-card');
  });

  it('English words match English names', () => {
    expect(city.search('Retirement', 10).map((r) => r.id)).toEqual(expect.arrayContaining(['bundle-retirement', 'pension-benefit-application']));
  });

  it('respects the limit, ignores spaces and apostrophes, and returns nothing for blank or unknown text', () => {
    expect(city.search('b', 3)).toHaveLength(3);
    expect(city.search("kai'ban", 10).map((r) => r.id)).toContain('bundle-open-company');
    expect(city.search('  ', 10)).toEqual([]);
    expect(city.search('qqqqxz', 10)).toEqual([]);
  });

  it('searches only what this kiosk offers', () => {
    const village = new CatalogService(catalog, { level: 'village', regionCode: '420222101201' });
    expect(city.search('kaiban', 10).length).toBe(2);
    expect(village.search('kaiban', 10)).toEqual([]);
    expect(village.search('cun', 10).map((r) => r.id)).toContain('village-residence-certificate');
    expect(city.search('cunju', 10).map((r) => r.id)).not.toContain('village-residence-certificate');
  });
});
