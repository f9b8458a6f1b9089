// A broken catalog is refused with every problem named, by the parser, the file loader and the core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import { catalogModule } from '../../../src-main/core/catalog/catalogModule';
import { loadCatalogFile } from '../../../src-main/core/catalog/loadCatalogFile';
import { createKioskCore } from '../../../src-main/core/createKioskCore';

const sample = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'));

function broken() {
  const c = structuredClone(sample);
  c.items[0].related.push('no-such-item'); // dangling related id
  c.bundles[0].items.push('ghost-item'); // bundle item that does not exist
  c.items[2].id = c.items[1].id; // duplicate id
  c.items[3].feeFen = 12.5; // fee not in integer fen
  const phone = c.items[4].form.fields.find((f: { reuseKey?: string }) => f.reuseKey === 'applicant.phone');
  phone.type = 'text'; // reuseKey declared with another type
  c.items[5].department.id = 'unknown-department';
  return c;
}

describe('broken catalog', () => {
  it('names every problem with its path', () => {
    const result = parseCatalog(broken());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.error.join('\n');
    expect(text).toContain('feeFen');
    // Zod stops before cross-reference checks when a field is malformed, so fix the fee and look again.
    const onlyReferences = broken();
    onlyReferences.items[3].feeFen = 1250;
    const second = parseCatalog(onlyReferences);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    const all = second.error.join('\n');
    expect(all).toMatch(/related id "no-such-item"/);
    expect(all).toMatch(/item "ghost-item" does not exist/);
    expect(all).toMatch(/duplicate item id/);
    expect(all).toMatch(/reuseKey applicant\.phone is text here but phone/);
    expect(all).toMatch(/unknown department "unknown-department"/);
    expect(second.error.length).toBeGreaterThanOrEqual(5);
  });

  it('the file loader refuses unreadable, non-JSON and invalid files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-broken-'));
    expect(loadCatalogFile(path.join(dir, 'missing.json'))).toMatchObject({ ok: false });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ not json');
    const notJson = loadCatalogFile(path.join(dir, 'bad.json'));
    expect(notJson.ok || notJson.error[0]).toMatch(/not valid JSON/);
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ ...broken(), items: broken().items.map((i: { feeFen: number }) => ({ ...i, feeFen: Math.round(i.feeFen) })) }));
    const invalid = loadCatalogFile(path.join(dir, 'broken.json'));
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.error.every((p) => p.startsWith('catalog broken.json: '))).toBe(true);
  });

  it('the core refuses to start on a broken catalog and says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-core-'));
    const file = path.join(dir, 'catalog.json');
    const c = broken();
    c.items[3].feeFen = 1250;
    fs.writeFileSync(file, JSON.stringify(c));
    await expect(
      createKioskCore({ dataDir: path.join(dir, 'data'), profile: 'test', configOverrides: { catalogPath: file }, logger: { logDir: false }, modules: [catalogModule] }),
    ).rejects.toThrow(/service catalog is invalid \(\d+ problems\)[\s\S]*no-such-item/);
  });
});
