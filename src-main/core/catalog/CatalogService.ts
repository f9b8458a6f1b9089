// The catalog this kiosk offers: the validated catalog filtered by the offer rule, with lookups,
// the pinyin search index and bundle detail (merged form, de-duplicated materials).
import type { BundleDetail, BundleSummary, CatalogItem, Department, ItemSummary, LifeEvent, SearchResult } from '../../../src-common/api/catalog';
import { LIFE_EVENT_NAMES } from '../../../src-common/api/catalog';
import type { Bundle } from '../../../src-common/api/catalog';
import type { Capability } from '../../../src-common/domain/device';
import { TRUST_ORDER, type MaterialRequirement } from '../../../src-common/forms/materials';
import { mergeBundleForm } from '../../../src-common/forms/mergeBundleForm';
import type { ServiceCatalog } from '../../../kiosk-config/catalog/schema';
import { CatalogSearchIndex } from './CatalogSearchIndex';
import { isBundleOffered, isItemOffered, type KioskPlace } from './offerRule';
import { fen } from '../../../src-common/domain/money';

export interface CatalogListing {
  readonly items: ItemSummary[];
  readonly bundles: BundleSummary[];
  readonly departments: Department[];
  readonly lifeEvents: Array<{ id: LifeEvent; name: { zh: string; en: string } }>;
}

export function summarizeItem(item: CatalogItem): ItemSummary {
  return { id: item.id, name: item.name, department: item.department, level: item.level, feeFen: item.feeFen, capabilities: item.capabilities, lifeEvents: item.lifeEvents };
}

export function summarizeBundle(bundle: Bundle): BundleSummary {
  return { id: bundle.id, name: bundle.name, items: bundle.items, lifeEvent: bundle.lifeEvent, description: bundle.description };
}

export class CatalogService {
  readonly version: string;
  private readonly items = new Map<string, CatalogItem>();
  private readonly bundles = new Map<string, Bundle>();
  private readonly searchIndex: CatalogSearchIndex;

  constructor(catalog: ServiceCatalog, readonly place: KioskPlace) {
    this.version = catalog.version;
    for (const item of catalog.items) if (isItemOffered(item, place)) this.items.set(item.id, item);
    const offeredIds = new Set(this.items.keys());
    for (const bundle of catalog.bundles) if (isBundleOffered(bundle, offeredIds)) this.bundles.set(bundle.id, bundle);
    this.searchIndex = new CatalogSearchIndex([
      ...[...this.bundles.values()].map((b) => ({ kind: 'bundle' as const, id: b.id, name: b.name, keywords: b.keywords })),
      ...[...this.items.values()].map((i) => ({ kind: 'item' as const, id: i.id, name: i.name, department: i.department, keywords: i.keywords })),
    ]);
  }

  get counts(): { items: number; bundles: number } {
    return { items: this.items.size, bundles: this.bundles.size };
  }

  list(filter: { departmentId?: string | undefined; lifeEvent?: LifeEvent | undefined } = {}): CatalogListing {
    const items = [...this.items.values()].filter(
      (i) => (!filter.departmentId || i.department.id === filter.departmentId) && (!filter.lifeEvent || i.lifeEvents.includes(filter.lifeEvent)),
    );
    const bundles = [...this.bundles.values()].filter(
      (b) => (!filter.lifeEvent || b.lifeEvent === filter.lifeEvent) && (!filter.departmentId || b.items.some((id) => this.items.get(id)?.department.id === filter.departmentId)),
    );
    const departments = new Map<string, Department>();
    const lifeEvents = new Set<LifeEvent>();
    for (const item of this.items.values()) {
      departments.set(item.department.id, item.department);
      item.lifeEvents.forEach((e) => lifeEvents.add(e));
    }
    return {
      items: items.map(summarizeItem),
      bundles: bundles.map(summarizeBundle),
      departments: [...departments.values()],
      lifeEvents: (Object.keys(LIFE_EVENT_NAMES) as LifeEvent[]).filter((e) => lifeEvents.has(e)).map((id) => ({ id, name: LIFE_EVENT_NAMES[id] })),
    };
  }

  search(text: string, limit = 20): SearchResult[] {
    return this.searchIndex.search(text, limit);
  }

  item(id: string): CatalogItem | undefined {
    return this.items.get(id);
  }

  bundle(id: string): BundleDetail | undefined {
    const bundle = this.bundles.get(id);
    if (!bundle) return undefined;
    const items = bundle.items.map((itemId) => this.items.get(itemId)!);
    const merged = mergeBundleForm(items);
    const materials = new Map<string, MaterialRequirement & { servesItems: string[] }>();
    for (const item of items) {
      for (const material of item.materials) {
        const existing = materials.get(material.reuseKey);
        if (!existing) {
          materials.set(material.reuseKey, { ...material, servesItems: [item.id] });
          continue;
        }
        existing.servesItems.push(item.id);
        // Collected once for all: at the most reliable level any of the items asks for.
        if (TRUST_ORDER.indexOf(material.trustLevel) < TRUST_ORDER.indexOf(existing.trustLevel)) existing.trustLevel = material.trustLevel;
      }
    }
    const capabilities = new Set<Capability>(items.flatMap((i) => i.capabilities));
    return {
      bundle,
      items,
      form: { fields: merged.fields.map((f) => ({ ...f, serves: [...f.serves] })) },
      materials: [...materials.values()],
      totalFeeFen: fen(items.reduce((sum, i) => sum + i.feeFen, 0)),
      capabilities: [...capabilities],
    };
  }

  /**
   * Offered items and bundles related to `ids` (their `related` lists), minus `ids` and minus any
   * bundle containing one of them: the push never offers again what was just submitted.
   */
  related(ids: readonly string[]): { items: ItemSummary[]; bundles: BundleSummary[] } {
    const given = new Set(ids);
    const wanted = new Set<string>();
    for (const id of ids) {
      const source = this.items.get(id) ?? this.bundles.get(id);
      source?.related.forEach((r) => wanted.add(r));
    }
    const items: ItemSummary[] = [];
    const bundles: BundleSummary[] = [];
    for (const id of wanted) {
      if (given.has(id)) continue;
      const item = this.items.get(id);
      if (item) items.push(summarizeItem(item));
      const bundle = this.bundles.get(id);
      // A bundle that contains something just applied for would ask for it a second time (defect 6).
      if (bundle && !bundle.items.some((i) => given.has(i))) bundles.push(summarizeBundle(bundle));
    }
    return { items, bundles };
  }
}
