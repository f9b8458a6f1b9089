// Which catalog items a kiosk offers, from its level (市/县/乡/村) and region code.
//
// The rule (docs/catalog.md): an item is offered when (1) its area and the kiosk's area overlap
// (one region code contains the other) and (2) its level is one this kiosk's level accepts:
//   city kiosk     : city and county items (同城通办: the city hall accepts every district's items)
//   county kiosk   : city, county and township items
//   township kiosk : township and village items, plus city/county items marked offeredAtGrassroots
//   village kiosk  : township and village items, plus city/county items marked offeredAtGrassroots
// A bundle is offered only when every one of its items is.
import type { AdminLevel, Bundle, CatalogItem } from '../../../src-common/api/catalog';
import { assertNever } from '../../../src-common/result';

export interface KioskPlace {
  readonly level: AdminLevel;
  /** 6-digit GB/T 2260 code, or a 9/12-digit township/village statistical code. */
  readonly regionCode: string;
}

/**
 * A region code as the prefix shared by everything inside it: 420200 (a city) → 4202,
 * 420000 (a province) → 42; county (420222), township and village codes stay whole.
 */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** True when one area contains the other (or they are the same). */
export function areasOverlap(a: string, b: string): boolean {
  const pa = regionPrefix(a);
  const pb = regionPrefix(b);
  return pa.startsWith(pb) || pb.startsWith(pa);
}

function levelAccepted(itemLevel: AdminLevel, kioskLevel: AdminLevel, offeredAtGrassroots: boolean): boolean {
  switch (kioskLevel) {
    case 'city':
      return itemLevel === 'city' || itemLevel === 'county';
    case 'county':
      return itemLevel !== 'village';
    case 'township':
    case 'village':
      return itemLevel === 'township' || itemLevel === 'village' || offeredAtGrassroots;
    default:
      return assertNever(kioskLevel, 'kiosk level');
  }
}

export function isItemOffered(item: Pick<CatalogItem, 'level' | 'regionCodes' | 'offeredAtGrassroots'>, kiosk: KioskPlace): boolean {
  return levelAccepted(item.level, kiosk.level, item.offeredAtGrassroots) && item.regionCodes.some((code) => areasOverlap(code, kiosk.regionCode));
}

export function isBundleOffered(bundle: Pick<Bundle, 'items'>, offeredItemIds: ReadonlySet<string>): boolean {
  return bundle.items.every((id) => offeredItemIds.has(id));
}
