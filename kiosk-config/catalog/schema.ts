// The service catalog file (事项目录): regions, departments, items and bundles (一件事), with the
// cross-references checked (related ids, bundle items, departments, regions, reuseKey types).
// `parseCatalog` refuses a broken catalog with every problem named.
import { z } from 'zod';
import { AdminLevel, Bundle, CatalogItem, Department, RegionCode } from '../../src-common/api/catalog';
import { BilingualText } from '../../src-common/forms/formSchema';
import { err, ok, type Result } from '../../src-common/result';

export const CatalogRegion = z.object({
  code: RegionCode,
  name: BilingualText,
  level: AdminLevel,
  /** Made-up codes (sample data) are marked so nobody mistakes them for real statistical codes. */
  fictitious: z.boolean().default(false),
});
export type CatalogRegion = z.infer<typeof CatalogRegion>;

const CatalogShape = z.object({
  /** Bumped on every publication; the sync pull compares it. */
  version: z.string().min(1),
  /** UTC ISO-8601. */
  publishedAt: z.iso.datetime(),
  /** The area the catalog covers (a prefecture-level city for the sample). */
  region: CatalogRegion,
  regions: z.array(CatalogRegion),
  departments: z.array(Department).min(1),
  items: z.array(CatalogItem).min(1),
  bundles: z.array(Bundle),
});

export const ServiceCatalog = CatalogShape.superRefine((catalog, ctx) => {
  for (const problem of crossReferenceProblems(catalog)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});
export type ServiceCatalog = z.infer<typeof ServiceCatalog>;

interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Every dangling reference and inconsistency; empty for a sound catalog. */
export function crossReferenceProblems(catalog: z.infer<typeof CatalogShape>): Problem[] {
  const problems: Problem[] = [];
  const itemIds = new Set<string>();
  const bundleIds = new Set<string>();
  catalog.items.forEach((item, i) => {
    if (itemIds.has(item.id)) problems.push({ path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
    itemIds.add(item.id);
  });
  catalog.bundles.forEach((bundle, i) => {
    if (bundleIds.has(bundle.id) || itemIds.has(bundle.id)) problems.push({ path: ['bundles', i, 'id'], message: `bundle id "${bundle.id}" is already used` });
    bundleIds.add(bundle.id);
  });
  const departments = new Map(catalog.departments.map((d) => [d.id, d]));
  const regionCodes = new Set([catalog.region.code, ...catalog.regions.map((r) => r.code)]);
  const fieldTypes = new Map<string, { type: string; itemId: string }>();
  catalog.items.forEach((item, i) => {
    const department = departments.get(item.department.id);
    if (!department) problems.push({ path: ['items', i, 'department', 'id'], message: `item "${item.id}": unknown department "${item.department.id}"` });
    else if (department.name.zh !== item.department.name.zh) problems.push({ path: ['items', i, 'department', 'name'], message: `item "${item.id}": department name "${item.department.name.zh}" differs from "${department.name.zh}"` });
    item.regionCodes.forEach((code, j) => {
      if (!regionCodes.has(code)) problems.push({ path: ['items', i, 'regionCodes', j], message: `item "${item.id}": region ${code} is not listed in regions` });
    });
    item.related.forEach((id, j) => {
      if (id === item.id) problems.push({ path: ['items', i, 'related', j], message: `item "${item.id}" lists itself as related` });
      else if (!itemIds.has(id) && !bundleIds.has(id)) problems.push({ path: ['items', i, 'related', j], message: `item "${item.id}": related id "${id}" is neither an item nor a bundle` });
    });
    item.form.fields.forEach((field, j) => {
      if (!field.reuseKey) return;
      const first = fieldTypes.get(field.reuseKey);
      if (!first) fieldTypes.set(field.reuseKey, { type: field.type, itemId: item.id });
      else if (first.type !== field.type) problems.push({ path: ['items', i, 'form', 'fields', j, 'type'], message: `item "${item.id}": reuseKey ${field.reuseKey} is ${field.type} here but ${first.type} in "${first.itemId}"` });
    });
  });
  catalog.bundles.forEach((bundle, i) => {
    bundle.items.forEach((id, j) => {
      if (!itemIds.has(id)) problems.push({ path: ['bundles', i, 'items', j], message: `bundle "${bundle.id}": item "${id}" does not exist` });
    });
    if (new Set(bundle.items).size !== bundle.items.length) problems.push({ path: ['bundles', i, 'items'], message: `bundle "${bundle.id}" lists an item twice` });
    bundle.related.forEach((id, j) => {
      if (!itemIds.has(id) && !bundleIds.has(id)) problems.push({ path: ['bundles', i, 'related', j], message: `bundle "${bundle.id}": related id "${id}" is neither an item nor a bundle` });
    });
  });
  catalog.regions.forEach((region, i) => {
    if (!region.code.startsWith(catalog.region.code.replace(/0+$/, ''))) problems.push({ path: ['regions', i, 'code'], message: `region ${region.code} lies outside the catalog's region ${catalog.region.code}` });
  });
  return problems;
}

/** Validates a parsed JSON catalog; every problem is named with its path. */
export function parseCatalog(raw: unknown): Result<ServiceCatalog, string[]> {
  const parsed = ServiceCatalog.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return err(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}

/** The JSON Schema of the catalog file for admin tools (cross-references are checked only by parseCatalog). */
export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CatalogShape, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
