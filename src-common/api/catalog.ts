// The service catalog (事项目录) API: what this kiosk offers, search (text and pinyin), one item,
// one bundle (一件事) with its merged form, and related items for the "您可能还需要办理…" push.
// The item and bundle schemas here are also the catalog file's (kiosk-config/catalog/schema.ts).
import { z } from 'zod';
import { defineMethod } from './contract';
import { Capability } from '../domain/device';
import { FenSchema } from '../domain/money';
import { BilingualText, FormField, FormSchema } from '../forms/formSchema';
import { MaterialRequirement } from '../forms/materials';

/** Administrative level of an item or a kiosk: 市 / 县 / 乡 / 村. */
export const AdminLevel = z.enum(['city', 'county', 'township', 'village']);
export type AdminLevel = z.infer<typeof AdminLevel>;

/** GB/T 2260 county-level code (6 digits), township (9) or village (12) statistical code. */
export const RegionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/);

/** Life-cycle tags: a person's (出生…身后) and a legal entity's (开办…注销). */
export const LifeEvent = z.enum([
  'birth', // 出生
  'schooling', // 入学
  'employment', // 就业
  'marriage', // 婚育
  'housing', // 置业
  'health', // 就医
  'travel', // 出行
  'assistance', // 救助
  'retirement', // 退休
  'death', // 身后
  'founding', // 开办 (legal entity)
  'operating', // 经营
  'changing', // 变更
  'closing', // 注销
]);
export type LifeEvent = z.infer<typeof LifeEvent>;

export const LIFE_EVENT_NAMES: Readonly<Record<LifeEvent, BilingualText>> = {
  birth: { zh: '出生', en: 'Birth' },
  schooling: { zh: '入学', en: 'Schooling' },
  employment: { zh: '就业', en: 'Employment' },
  marriage: { zh: '婚育', en: 'Marriage and family' },
  housing: { zh: '置业', en: 'Housing' },
  health: { zh: '就医', en: 'Health care' },
  travel: { zh: '出行', en: 'Travel' },
  assistance: { zh: '救助', en: 'Assistance' },
  retirement: { zh: '退休', en: 'Retirement' },
  death: { zh: '身后', en: 'After a death' },
  founding: { zh: '开办', en: 'Starting a business' },
  operating: { zh: '经营', en: 'Operating' },
  changing: { zh: '变更', en: 'Changes' },
  closing: { zh: '注销', en: 'Closing' },
};

const CatalogId = z.string().regex(/^[a-z][a-z0-9-]*$/);

export const Department = z.object({ id: CatalogId, name: BilingualText });
export type Department = z.infer<typeof Department>;

/** 办事指南 (issue #16 item 17): what a citizen should know before starting an item. */
export const ItemGuide = z.object({
  /** How far the kiosk takes the item (能否在本机办结). */
  completion: z
    .enum([
      'atKiosk', // applied for and finished from here: the decision comes by text, post or at this kiosk (取证)
      'collectAtWindow', // applied for here; the result (a card, a certificate) is collected in person at a window
      'windowVisit', // accepted here in advance; the applicant must still come to a window (an original checked, an interview)
    ])
    .default('atKiosk'),
  /** Both parties must come in person (a transfer, a marriage): one of them alone cannot finish it. */
  bothPartiesInPerson: z.boolean().default(false),
  /** Anything else worth knowing before starting, in the department's words. */
  notes: z.array(BilingualText).default([]),
});
export type ItemGuide = z.infer<typeof ItemGuide>;

export const CatalogItem = z.object({
  id: CatalogId,
  name: BilingualText,
  department: Department,
  /** The level of government that handles it. */
  level: AdminLevel,
  /** Where it is offered: a code covers itself and everything under it (420200 = all of Huangshi). */
  regionCodes: z.array(RegionCode).min(1),
  /** City/county items that township and village kiosks may also accept (受办分离: 村受理, 上级办理). */
  offeredAtGrassroots: z.boolean().default(false),
  /** Fee in integer fen; 0 for free. */
  feeFen: FenSchema,
  /** Statutory or promised working days to a decision; absent when decided on the spot. */
  promisedWorkingDays: z.number().int().nonnegative().optional(),
  materials: z.array(MaterialRequirement),
  form: FormSchema,
  capabilities: z.array(Capability),
  lifeEvents: z.array(LifeEvent).min(1),
  /** Ids of items and bundles worth offering next. */
  related: z.array(CatalogId).default([]),
  /** Extra words citizens search with (e.g. 身份证 for 居民身份证换领). */
  keywords: z.array(z.string().min(1)).default([]),
  /**
   * How the applicant is identified at the kiosk: `idCard` — the resident ID card is read;
   * `declared` — the card is what the item replaces (补领, 临时身份证), so the applicant types name
   * and ID number and is identified in person when collecting (人证核验 can take its place later).
   */
  applicantIdentity: z.enum(['idCard', 'declared']).default('idCard'),
  /**
   * Whom the application is for: `self`, or `other` — the card holder applies for someone else
   * (a newborn, a deceased relative), so 人证核验 checks that the person at the kiosk is the holder.
   */
  appliesFor: z.enum(['self', 'other']).default('self'),
  /** The department asks for 人证核验 (a live photo against the authority's photo) whoever it is for. */
  faceCheck: z.boolean().default(false),
  guide: ItemGuide.default({ completion: 'atKiosk', bothPartiesInPerson: false, notes: [] }),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

/**
 * Whether an item needs 人证核验 before it is submitted (issue #16 item 16: the journey's step after
 * the card, and Application.Submit's `faceCheckRequired` without it; ADR 0019): marked by its department,
 * or applied for on someone else's behalf. An item whose card is what it replaces (`declared`) reads no card to
 * check a face against; its applicant is checked in person at collection.
 */
export function itemNeedsFaceCheck(item: Pick<CatalogItem, 'faceCheck' | 'appliesFor' | 'applicantIdentity'>): boolean {
  return item.applicantIdentity === 'idCard' && (item.faceCheck || item.appliesFor === 'other');
}

export const Bundle = z.object({
  id: CatalogId,
  name: BilingualText,
  items: z.array(CatalogId).min(2),
  lifeEvent: LifeEvent,
  description: BilingualText,
  related: z.array(CatalogId).default([]),
  keywords: z.array(z.string().min(1)).default([]),
});
export type Bundle = z.infer<typeof Bundle>;

export const ItemSummary = z.object({
  id: z.string(),
  name: BilingualText,
  department: Department,
  level: AdminLevel,
  feeFen: FenSchema,
  capabilities: z.array(Capability),
  lifeEvents: z.array(LifeEvent),
});
export type ItemSummary = z.infer<typeof ItemSummary>;

export const BundleSummary = z.object({
  id: z.string(),
  name: BilingualText,
  items: z.array(z.string()),
  lifeEvent: LifeEvent,
  description: BilingualText,
});
export type BundleSummary = z.infer<typeof BundleSummary>;

export const MatchKind = z.enum([
  'name', // the text occurs in the name
  'keyword', // the text occurs in a search keyword or the department name
  'initials', // pinyin initials of the name start a word, e.g. `bdc` → 不动产
  'pinyin', // full pinyin of the name, e.g. `kaiban` → 开办
]);
export type MatchKind = z.infer<typeof MatchKind>;

export const SearchResult = z.object({
  kind: z.enum(['item', 'bundle']),
  id: z.string(),
  name: BilingualText,
  department: Department.optional(),
  matchedBy: MatchKind,
});
export type SearchResult = z.infer<typeof SearchResult>;

export const MergedFormField = FormField.extend({
  mergedKey: z.string(),
  serves: z.array(z.object({ itemId: z.string(), fieldKey: z.string() })),
});

export const BundleMaterial = MaterialRequirement.extend({
  /** The items that need it; collected once for all of them. */
  servesItems: z.array(z.string()),
});

export const BundleDetail = z.object({
  bundle: Bundle,
  items: z.array(CatalogItem),
  form: z.object({ fields: z.array(MergedFormField) }),
  materials: z.array(BundleMaterial),
  /** Sum of the items' fees. */
  totalFeeFen: FenSchema,
  capabilities: z.array(Capability),
});
export type BundleDetail = z.infer<typeof BundleDetail>;

export const catalogMethods = {
  'Catalog.List': defineMethod({
    name: 'Catalog.List',
    input: z.object({ departmentId: z.string().max(64).optional(), lifeEvent: LifeEvent.optional() }).strict(),
    output: z.object({
      items: z.array(ItemSummary),
      bundles: z.array(BundleSummary),
      departments: z.array(Department),
      lifeEvents: z.array(z.object({ id: LifeEvent, name: BilingualText })),
    }),
    summary: 'Items and bundles this kiosk offers (its level and region), optionally by department or life event.',
  }),
  'Catalog.Search': defineMethod({
    name: 'Catalog.Search',
    input: z.object({ text: z.string().max(64), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: z.object({ results: z.array(SearchResult) }),
    summary: 'Searches offered items and bundles by Chinese text, pinyin initials (bdc) or full pinyin (kaiban).',
  }),
  'Catalog.Item': defineMethod({
    name: 'Catalog.Item',
    input: z.object({ id: z.string().max(64) }).strict(),
    output: CatalogItem,
    errors: [
      'notOffered', // no such entry is offered at this kiosk (another level or region, or withdrawn)
    ],
    summary: 'One offered item with its materials and form.',
  }),
  'Catalog.Bundle': defineMethod({
    name: 'Catalog.Bundle',
    input: z.object({ id: z.string().max(64) }).strict(),
    output: BundleDetail,
    errors: [
      'notOffered', // no such entry is offered at this kiosk (another level or region, or withdrawn)
    ],
    summary: 'One bundle (一件事) with its items, the merged form (each reuseKey asked once) and the de-duplicated materials.',
  }),
  'Catalog.Related': defineMethod({
    name: 'Catalog.Related',
    input: z.object({ ids: z.array(z.string().max(64)).min(1).max(20) }).strict(),
    output: z.object({ items: z.array(ItemSummary), bundles: z.array(BundleSummary) }),
    summary: 'Offered items and bundles related to the given ids, excluding those ids (您可能还需要办理…).',
  }),
} as const;
