// What a kiosk offers under its level and region (the rule documented in docs/catalog.md).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import { unwrap } from '../../../src-common/result';
import { CatalogService } from '../../../src-main/core/catalog/CatalogService';
import { areasOverlap, isItemOffered, regionPrefix } from '../../../src-main/core/catalog/offerRule';

const catalog = unwrap(parseCatalog(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'))));
const byId = (id: string) => catalog.items.find((i) => i.id === id)!;

describe('region codes', () => {
  it('reduce to the prefix shared by everything inside them', () => {
    expect(regionPrefix('420200')).toBe('4202');
    expect(regionPrefix('420000')).toBe('42');
    expect(regionPrefix('420222')).toBe('420222');
    expect(regionPrefix('420222101201')).toBe('420222101201');
  });
  it('overlap when one contains the other', () => {
    expect(areasOverlap('420200', '420222101201')).toBe(true);
    expect(areasOverlap('420222', '420222101')).toBe(true);
    expect(areasOverlap('420222', '420281')).toBe(false);
    expect(areasOverlap('420222101201', '420222101202')).toBe(false);
    expect(areasOverlap('420100', '420202')).toBe(false);
  });
});

describe('offer rule', () => {
  it('a city kiosk offers city and county items, not township or village ones', () => {
    const city = new CatalogService(catalog, { level: 'city', regionCode: '420200' });
    expect(city.item('hk-macao-endorsement')).toBeDefined(); // city
    expect(city.item('id-card-renewal')).toBeDefined(); // county
    expect(city.item('minimum-living-allowance')).toBeUndefined(); // township
    expect(city.item('village-residence-certificate')).toBeUndefined(); // village
    const expected = catalog.items.filter((i) => i.level === 'city' || i.level === 'county').length;
    expect(city.counts.items).toBe(expected);
    expect(city.counts.bundles).toBe(catalog.bundles.length);
  });

  it('a county kiosk adds its township items but not another county\'s', () => {
    const yangxin = new CatalogService(catalog, { level: 'county', regionCode: '420222' });
    expect(yangxin.item('rural-housing-land')).toBeDefined(); // township item of 阳新县 and 大冶市
    expect(yangxin.item('minimum-living-allowance')).toBeDefined();
    const xialu = new CatalogService(catalog, { level: 'county', regionCode: '420204' });
    expect(xialu.item('rural-housing-land')).toBeUndefined(); // not offered in 下陆区
    expect(xialu.item('minimum-living-allowance')).toBeDefined();
  });

  it('a village kiosk offers its village items, its township items and grassroots city/county items', () => {
    const place = { level: 'village' as const, regionCode: '420222101201' };
    const village = new CatalogService(catalog, place);
    expect(village.item('village-residence-certificate')).toBeDefined();
    expect(village.item('rural-housing-land')).toBeDefined();
    expect(village.item('social-security-card')).toBeDefined(); // city, offeredAtGrassroots
    expect(village.item('hk-macao-endorsement')).toBeUndefined(); // city, needs the exit-entry window
    for (const item of catalog.items) {
      const expected = (item.level === 'township' || item.level === 'village' || item.offeredAtGrassroots) && item.regionCodes.some((c) => areasOverlap(c, place.regionCode));
      expect(isItemOffered(item, place), item.id).toBe(expected);
    }
    const other = new CatalogService(catalog, { level: 'village', regionCode: '420281102203' });
    expect(other.item('village-residence-certificate')).toBeUndefined();
  });

  it('a bundle is offered only when all its items are', () => {
    const village = new CatalogService(catalog, { level: 'village', regionCode: '420222101201' });
    expect(byId('company-registration').offeredAtGrassroots).toBe(false);
    expect(village.bundle('bundle-open-company')).toBeUndefined();
    expect(village.bundle('bundle-after-death')).toBeDefined(); // all three items are grassroots
    const listed = village.list().bundles.map((b) => b.id);
    for (const id of listed) for (const itemId of catalog.bundles.find((b) => b.id === id)!.items) expect(village.item(itemId), `${id}/${itemId}`).toBeDefined();
  });
});
