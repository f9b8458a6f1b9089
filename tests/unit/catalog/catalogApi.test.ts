// The Catalog.* methods through the core's real API router, with the catalog module alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDetail } from '../../../src-common/api/catalog';
import type { CompletionMessage } from '../../../src-common/api/envelope';
import { catalogModule } from '../../../src-main/core/catalog/catalogModule';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { CatalogProviderId } from '../../../src-main/core/catalog/CatalogProvider';

let core: KioskCore;
const sent: unknown[] = [];
const connection = { id: 'test-connection', send: (m: unknown) => sent.push(m) };
let requestSeq = 0;

async function call(name: string, payload: unknown): Promise<CompletionMessage> {
  const requestId = `r${++requestSeq}`;
  await core.router.dispatch(connection, name, requestId, payload);
  const completion = sent.find((m) => (m as CompletionMessage).type === 'completion' && (m as CompletionMessage).requestId === requestId);
  if (!completion) throw new Error(`no completion for ${name}`);
  return completion as CompletionMessage;
}

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-api-'));
  core = await createKioskCore({ dataDir, profile: 'test', logger: { logDir: false }, modules: [catalogModule] });
  core.router.attach(connection);
});
afterAll(async () => {
  await core.stop();
});

describe('Catalog API', () => {
  it('serves a replacement catalog at once, and refuses a broken one keeping the current', async () => {
    const provider = core.service(CatalogProviderId)!;
    const sample = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'));
    const broken = { ...sample, bundles: [{ ...sample.bundles[0], items: ['ghost', 'ghost-2'] }] };
    const refused = provider.replace(broken);
    expect(refused.ok).toBe(false);
    expect(provider.current.version).toBe(sample.version);
    const smaller = { ...sample, version: 'test-2', items: sample.items.filter((i: { id: string }) => i.id !== 'temporary-id-card'), bundles: sample.bundles };
    smaller.items = smaller.items.map((i: { related: string[] }) => ({ ...i, related: i.related.filter((r) => r !== 'temporary-id-card') }));
    expect(provider.replace(smaller)).toMatchObject({ ok: true, value: { version: 'test-2' } });
    expect((await call('Catalog.Item', { id: 'temporary-id-card' })).completionCode).toBe('invalidData');
    expect(provider.replace(sample).ok).toBe(true);
    expect((await call('Catalog.Item', { id: 'temporary-id-card' })).completionCode).toBe('success');
  });

  it('publishes the catalog service and lists what the kiosk offers', async () => {
    expect(core.service(CatalogProviderId)?.current.counts.items).toBeGreaterThanOrEqual(30);
    const all = await call('Catalog.List', {});
    expect(all.completionCode).toBe('success');
    const listing = all.payload as { items: Array<{ id: string; department: { id: string }; lifeEvents: string[] }>; bundles: unknown[]; departments: unknown[]; lifeEvents: Array<{ id: string; name: { zh: string } }> };
    expect(listing.bundles.length).toBeGreaterThanOrEqual(5);
    expect(listing.departments.length).toBeGreaterThanOrEqual(10);
    expect(listing.lifeEvents.find((e) => e.id === 'retirement')?.name.zh).toBe('退休');
    const police = (await call('Catalog.List', { departmentId: 'public-security' })).payload as typeof listing;
    expect(police.items.length).toBeGreaterThan(3);
    expect(police.items.every((i) => i.department.id === 'public-security')).toBe(true);
    const birth = (await call('Catalog.List', { lifeEvent: 'birth' })).payload as typeof listing;
    expect(birth.items.every((i) => i.lifeEvents.includes('birth'))).toBe(true);
    expect(birth.bundles).toHaveLength(1);
  });

  it('searches with pinyin and validates its input', async () => {
    const found = await call('Catalog.Search', { text: 'bdc' });
    expect(found.completionCode).toBe('success');
    expect((found.payload as { results: Array<{ name: { zh: string } }> }).results[0]!.name.zh).toContain('不动产');
    const bad = await call('Catalog.Search', { text: 'x'.repeat(65) });
    expect(bad.completionCode).toBe('invalidData');
  });

  it('returns an item, and refuses an unknown or not-offered id', async () => {
    const item = await call('Catalog.Item', { id: 'id-card-renewal' });
    expect(item.completionCode).toBe('success');
    expect(item.payload).toMatchObject({ feeFen: 2000, name: { zh: '居民身份证换领' } });
    const missing = await call('Catalog.Item', { id: 'village-residence-certificate' });
    expect(missing.completionCode).toBe('invalidData');
    expect(missing.errorDescription).toMatch(/not|no item/);
  });

  it('returns a bundle with a merged form that asks each piece of information once', async () => {
    const reply = await call('Catalog.Bundle', { id: 'bundle-property-transfer' });
    expect(reply.completionCode).toBe('success');
    const detail = reply.payload as BundleDetail;
    const phone = detail.form.fields.filter((f) => f.reuseKey === 'applicant.phone');
    expect(phone).toHaveLength(1);
    expect(phone[0]!.serves.map((s) => s.itemId).sort()).toEqual([...detail.bundle.items].sort());
    const address = detail.form.fields.find((f) => f.reuseKey === 'property.address')!;
    expect(address.serves).toHaveLength(5);
    const keys = detail.form.fields.map((f) => f.mergedKey);
    expect(new Set(keys).size).toBe(keys.length);
    const idCard = detail.materials.filter((m) => m.reuseKey === 'material.idCard');
    expect(idCard).toHaveLength(1);
    expect(detail.totalFeeFen).toBe(detail.items.reduce((s, i) => s + i.feeFen, 0));
    expect(detail.totalFeeFen).toBe(8000);
  });

  it('suggests related items, never the item itself nor a bundle that contains it (#16 defect 6)', async () => {
    const reply = await call('Catalog.Related', { ids: ['real-estate-transfer'] });
    expect(reply.completionCode).toBe('success');
    const related = reply.payload as { items: Array<{ id: string }>; bundles: Array<{ id: string; items: string[] }> };
    expect(related.items.map((i) => i.id)).toContain('housing-fund-purchase-withdrawal');
    expect(related.items.map((i) => i.id)).not.toContain('real-estate-transfer');
    // real-estate-transfer lists bundle-property-transfer as related, but that bundle contains it.
    expect(related.bundles.map((b) => b.id)).not.toContain('bundle-property-transfer');
    for (const bundle of related.bundles) expect(bundle.items).not.toContain('real-estate-transfer');
  });

  it('still offers a related bundle that does not contain what was submitted', async () => {
    const reply = await call('Catalog.Related', { ids: ['deed-tax-declaration', 'real-estate-transfer', 'water-account-transfer', 'electricity-account-transfer', 'gas-account-transfer', 'bundle-property-transfer'] });
    const related = reply.payload as { items: Array<{ id: string }>; bundles: Array<{ id: string; items: string[] }> };
    const submitted = new Set(['deed-tax-declaration', 'real-estate-transfer', 'water-account-transfer', 'electricity-account-transfer', 'gas-account-transfer']);
    for (const bundle of related.bundles) expect(bundle.items.some((i) => submitted.has(i))).toBe(false);
  });
});
