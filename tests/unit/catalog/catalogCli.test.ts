// `budayang catalog list|search` as a real process from source, JSON and readable output.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

async function budayang(...args: string[]) {
  return run(process.execPath, [path.join(root, 'bin', 'budayang.mjs'), ...args], { cwd: root, env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' } });
}

describe('budayang catalog', () => {
  it('list --json gives items with zh name, department and level, and bundles with item ids', async () => {
    const { stdout } = await budayang('catalog', 'list', '--json');
    const listing = JSON.parse(stdout) as { items: Array<{ id: string; name: string; department: string; level: string }>; bundles: Array<{ id: string; name: string; items: string[] }> };
    expect(listing.items.length).toBeGreaterThanOrEqual(30);
    expect(listing.items.find((i) => i.id === 'id-card-renewal')).toMatchObject({ name: '居民身份证换领', department: '市公安局', level: 'county' });
    const ids = new Set(listing.items.map((i) => i.id));
    for (const b of listing.bundles) for (const id of b.items) expect(ids.has(id)).toBe(true);
    expect(listing.bundles.find((b) => b.id === 'bundle-newborn')?.name).toBe('新生儿出生一件事');
  });

  it('search --json finds by pinyin; the readable form names the match', async () => {
    const { stdout } = await budayang('catalog', 'search', 'kaiban', '--json');
    const found = JSON.parse(stdout) as { results: Array<{ id: string; name: string; kind: string }> };
    expect(found.results.map((r) => r.kind)).toEqual(['bundle', 'bundle']);
    expect(found.results.every((r) => r.name.startsWith('开办'))).toBe(true);
    const readable = await budayang('catalog', 'search', 'bdc');
    expect(readable.stdout).toMatch(/不动产转移登记和水电气过户一件事 +\(by initials\)/);
  });

  it('refuses an unknown profile and a missing search text with a reason', async () => {
    await expect(budayang('catalog', 'list', '--profile', 'nope')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown profile "nope"/) });
    await expect(budayang('catalog', 'search')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/TEXT is required/) });
  });
});
