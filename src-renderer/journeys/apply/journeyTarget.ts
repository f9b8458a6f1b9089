// What the citizen is applying for, reduced to one shape for an item and a bundle (一件事):
// the fields to ask (a bundle's merged form, each piece once), the materials and the fee. The
// core does the same reduction when it checks a submission; this is the renderer's view of it.
import { itemNeedsFaceCheck, type BundleDetail, type CatalogItem, type ItemGuide } from '../../../src-common/api/catalog';
import type { IdCardData } from '../../../src-common/api/devices';
import type { Capability } from '../../../src-common/domain/device';
import type { BilingualText, FieldSource, FormField } from '../../../src-common/forms/formSchema';
import type { MaterialRequirement } from '../../../src-common/forms/materials';
import { fieldsToRead, type IdCardField } from '../../../src-common/privacy/idCardFields';
import { assertNever } from '../../../src-common/result';
import { maskIdNumber } from '../../../src-common/privacy/redact';
import type { Fen } from '../../../src-common/domain/money';

export interface JourneyField {
  /** The answer key Application.Submit expects: the field key of an item, the merged key of a bundle. */
  readonly key: string;
  readonly field: FormField;
  /** Names of the items this answer serves (more than one only in a bundle). */
  readonly serves: readonly BilingualText[];
}

export interface JourneyMaterial extends MaterialRequirement {
  readonly servesItems: readonly BilingualText[];
}

export interface JourneyTarget {
  readonly kind: 'item' | 'bundle';
  readonly id: string;
  readonly name: BilingualText;
  /** Item ids (one for an item), for Catalog.Related. */
  readonly itemIds: readonly string[];
  readonly itemNames: readonly BilingualText[];
  readonly fields: readonly JourneyField[];
  readonly materials: readonly JourneyMaterial[];
  readonly feeFen: Fen;
  readonly promisedWorkingDays?: number;
  readonly capabilities: readonly Capability[];
  /**
   * How the applicant is identified: `idCard` — the card is read; `declared` — the card is what is
   * being replaced (补领, 临时身份证), so name and ID number are typed and checked in person later.
   */
  readonly identity: 'idCard' | 'declared';
  /** Needs 人证核验 (an item so marked, or applied for on someone else's behalf): the faceCheck step follows the card. */
  readonly faceCheck: boolean;
  /** 办事指南, shown before the application starts (a bundle's is its items' taken together). */
  readonly guide: ItemGuide;
}

/** How far a bundle gets at the kiosk: no further than its least finished item. */
const COMPLETION_ORDER: readonly ItemGuide['completion'][] = ['atKiosk', 'collectAtWindow', 'windowVisit'];

function bundleGuide(items: readonly CatalogItem[]): ItemGuide {
  const worst = Math.max(0, ...items.map((i) => COMPLETION_ORDER.indexOf(i.guide.completion)));
  return {
    completion: COMPLETION_ORDER[worst] ?? 'atKiosk',
    bothPartiesInPerson: items.some((i) => i.guide.bothPartiesInPerson),
    notes: items.flatMap((i) => i.guide.notes),
  };
}

export function targetFromItem(item: CatalogItem): JourneyTarget {
  return {
    kind: 'item',
    id: item.id,
    name: item.name,
    itemIds: [item.id],
    itemNames: [item.name],
    fields: item.form.fields.map((field) => ({ key: field.key, field, serves: [item.name] })),
    materials: item.materials.map((m) => ({ ...m, servesItems: [item.name] })),
    feeFen: item.feeFen,
    ...(item.promisedWorkingDays !== undefined ? { promisedWorkingDays: item.promisedWorkingDays } : {}),
    capabilities: item.capabilities,
    identity: item.applicantIdentity,
    faceCheck: itemNeedsFaceCheck(item),
    guide: item.guide,
  };
}

export function targetFromBundle(detail: BundleDetail): JourneyTarget {
  const nameOf = new Map(detail.items.map((i) => [i.id, i.name]));
  const names = (ids: readonly string[]) => [...new Set(ids)].flatMap((id) => (nameOf.has(id) ? [nameOf.get(id)!] : []));
  const promised = detail.items.flatMap((i) => (i.promisedWorkingDays !== undefined ? [i.promisedWorkingDays] : []));
  return {
    kind: 'bundle',
    id: detail.bundle.id,
    name: detail.bundle.name,
    itemIds: detail.items.map((i) => i.id),
    itemNames: detail.items.map((i) => i.name),
    fields: detail.form.fields.map(({ mergedKey, serves, ...field }) => ({ key: mergedKey, field, serves: names(serves.map((s) => s.itemId)) })),
    materials: detail.materials.map(({ servesItems, ...m }) => ({ ...m, servesItems: names(servesItems) })),
    feeFen: detail.totalFeeFen,
    ...(promised.length > 0 ? { promisedWorkingDays: Math.max(...promised) } : {}),
    capabilities: detail.capabilities,
    // A bundle is declared only when every item in it is (none of the sample's are).
    identity: detail.items.every((i) => i.applicantIdentity === 'declared') ? 'declared' : 'idCard',
    faceCheck: detail.items.some(itemNeedsFaceCheck),
    guide: bundleGuide(detail.items),
  };
}

/** The card's sex (男 / 女 / 未知 / 未说明) as an i18n key of `form.sexes`. */
export const SEX_KEYS: Readonly<Record<string, string>> = { 男: 'male', 女: 'female', 未知: 'unknown', 未说明: 'unstated' };

/**
 * The card's own wording for a card-sourced field, for display only (the core fills the real
 * answer from the card). The ID number is masked on screen: kiosks stand in public halls.
 */
export function cardValue(source: FieldSource, card: IdCardData, dateText: (ymd: string) => string = (ymd) => ymd, sexText: (sex: string) => string = (sex) => sex): string {
  switch (source) {
    case 'idCard.name':
      return card.name;
    case 'idCard.idNumber':
      return maskIdNumber(card.idNumber);
    case 'idCard.address':
      return card.address;
    case 'idCard.birthDate':
      return dateText(card.birthDate);
    case 'idCard.sex':
      return sexText(card.sex);
    case 'idCard.nation':
      return card.nation ?? '';
    default:
      return assertNever(source, 'field source');
  }
}

/** Fields the citizen answers: everything not read from the card (all of them when the identity is declared). */
export function askedFields(target: JourneyTarget): JourneyField[] {
  return target.identity === 'declared' ? [...target.fields] : target.fields.filter((f) => !f.field.source);
}

/** Fields shown as read from the card (none when the identity is declared). */
export function cardFields(target: JourneyTarget): JourneyField[] {
  return target.identity === 'declared' ? [] : target.fields.filter((f) => f.field.source);
}

/** The card field a form field's `source` reads. */
const CARD_FIELD_OF_SOURCE: Readonly<Record<FieldSource, IdCardField>> = {
  'idCard.name': 'name',
  'idCard.idNumber': 'idNumber',
  'idCard.address': 'address',
  'idCard.birthDate': 'birthDate',
  'idCard.sex': 'sex',
  'idCard.nation': 'nation',
};

/** What this application reads from the card: its card-sourced fields and the always-read ones. */
export function cardFieldsToRead(target: JourneyTarget): IdCardField[] {
  return fieldsToRead(cardFields(target).flatMap((f) => (f.field.source ? [CARD_FIELD_OF_SOURCE[f.field.source]] : [])));
}

export { heldTrustLevel, offeredMaterialModes, type MaterialMode } from '../../../src-common/forms/materials';

/** Splits the asked fields into pages: few fields per page so each control can be large. */
export function formPages(fields: readonly JourneyField[], perPage: number): JourneyField[][] {
  const pages: JourneyField[][] = [];
  for (let i = 0; i < fields.length; i += perPage) pages.push(fields.slice(i, i + perPage));
  return pages;
}

