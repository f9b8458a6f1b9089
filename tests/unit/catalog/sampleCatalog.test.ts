// The sample Huangshi catalog against its schema, its references, and the promises of the brief.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_JSON_SCHEMA_PATH, renderCatalogJsonSchema } from '../../../kiosk-config/catalog/exportJsonSchema';
import { parseCatalog, type ServiceCatalog } from '../../../kiosk-config/catalog/schema';
import { unwrap } from '../../../src-common/result';

const file = path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json');
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;

describe('sample catalog', () => {
  const catalog: ServiceCatalog = unwrap(parseCatalog(raw));

  it('validates against the schema', () => {
    expect(parseCatalog(raw).ok).toBe(true);
  });

  it('covers at least 30 items from at least 10 departments and 5 bundles', () => {
    expect(catalog.items.length).toBeGreaterThanOrEqual(30);
    expect(new Set(catalog.items.map((i) => i.department.id)).size).toBeGreaterThanOrEqual(10);
    expect(catalog.bundles.length).toBeGreaterThanOrEqual(5);
  });

  it('resolves every related id and bundle item', () => {
    const items = new Set(catalog.items.map((i) => i.id));
    const all = new Set([...items, ...catalog.bundles.map((b) => b.id)]);
    for (const item of catalog.items) for (const id of item.related) expect(all.has(id), `${item.id} → ${id}`).toBe(true);
    for (const bundle of catalog.bundles) {
      for (const id of bundle.items) expect(items.has(id), `${bundle.id} → ${id}`).toBe(true);
      for (const id of bundle.related) expect(all.has(id), `${bundle.id} → ${id}`).toBe(true);
    }
  });

  it('uses Huangshi region codes in the right shapes, made-up ones marked fictitious', () => {
    expect(catalog.region.code).toBe('420200');
    const codes = catalog.regions.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['420202', '420203', '420204', '420205', '420222', '420281']));
    for (const region of catalog.regions) {
      expect(region.code).toMatch(/^4202\d{2}(\d{3}(\d{3})?)?$/);
      if (region.code.length > 6) expect(region.fictitious, region.code).toBe(true);
    }
    expect(catalog.regions.some((r) => r.level === 'village' && r.code.length === 12)).toBe(true);
    expect(catalog.regions.some((r) => r.level === 'township' && r.code.length === 9)).toBe(true);
  });

  it('has free items and items with real fees, all in integer fen', () => {
    const fees = catalog.items.map((i) => i.feeFen);
    expect(fees.every(Number.isSafeInteger)).toBe(true);
    expect(fees.filter((f) => f === 0).length).toBeGreaterThan(20);
    expect(catalog.items.find((i) => i.id === 'id-card-renewal')?.feeFen).toBe(2000);
    expect(catalog.items.find((i) => i.id === 'real-estate-transfer')?.feeFen).toBe(8000);
  });

  it('shares reuse keys across items so information is collected once', () => {
    const usage = new Map<string, number>();
    for (const item of catalog.items) for (const f of item.form.fields) if (f.reuseKey) usage.set(f.reuseKey, (usage.get(f.reuseKey) ?? 0) + 1);
    expect(usage.get('applicant.phone')).toBeGreaterThan(30);
    expect(usage.get('property.address')).toBeGreaterThanOrEqual(5);
    const materials = new Map<string, number>();
    for (const item of catalog.items) for (const m of item.materials) materials.set(m.reuseKey, (materials.get(m.reuseKey) ?? 0) + 1);
    expect(materials.get('material.idCard')).toBeGreaterThan(20);
    expect(new Set(catalog.items.flatMap((i) => i.materials.map((m) => m.trustLevel)))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('names ID-card sources on the applicant fields and tags every item with a life event', () => {
    const sources = new Set(catalog.items.flatMap((i) => i.form.fields.map((f) => f.source).filter(Boolean)));
    for (const s of ['idCard.name', 'idCard.idNumber', 'idCard.address', 'idCard.birthDate', 'idCard.sex']) expect(sources.has(s as never), s).toBe(true);
    const events = new Set(catalog.items.flatMap((i) => i.lifeEvents));
    for (const e of ['birth', 'schooling', 'employment', 'marriage', 'housing', 'retirement', 'death', 'founding', 'operating', 'closing']) expect(events.has(e as never), e).toBe(true);
  });

  it('items that need the ID card say so in their capabilities', () => {
    for (const item of catalog.items) {
      if (item.applicantIdentity === 'idCard' && item.form.fields.some((f) => f.source)) expect(item.capabilities, item.id).toContain('idRead');
      if (item.feeFen > 0) expect(item.capabilities.some((c) => c === 'qrPay' || c === 'cashIn'), item.id).toBe(true);
    }
  });

  it('keeps the committed JSON Schema export current', () => {
    expect(fs.readFileSync(CATALOG_JSON_SCHEMA_PATH, 'utf8')).toBe(renderCatalogJsonSchema());
    const schema = JSON.parse(renderCatalogJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['items', 'bundles', 'departments', 'regions']));
    expect(schema.required).toEqual(expect.arrayContaining(['items', 'bundles']));
  });
});
