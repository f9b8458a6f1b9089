// A catalog bundle replaces the catalog live (no restart) through CatalogProvider.replace, passes
// the gate and is what the next boot loads; opening hours close the kiosk to new sessions with
// the next opening time and the nearest 24-hour hall in Kiosk.Status.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { fleetStatus } from '../../../src-main/core/fleet/fleetInspection';
import { fleetTestRig, provisionDataDir, RestartingCore, startFleetPlatform, tempDir, until } from './support/fleetCore';

const rig = fleetTestRig();

function sampleCatalog(): { version: string; items: Array<{ id: string; name: { zh: string; en: string } }> } {
  return JSON.parse(fs.readFileSync('kiosk-config/catalog/sample-catalog.json', 'utf8'));
}

describe('catalog bundles', () => {
  it('replaces the catalog live at a safe point, commits it, and boots with it after a restart', async () => {
    const platform = (rig.platform = await startFleetPlatform());
    const dataDir = tempDir('kiosk');
    await provisionDataDir(dataDir, platform);
    const k = (rig.kiosk = await new RestartingCore(dataDir).start());
    await until(() => k.healthy(), 15_000, 'every service and the platform available');
    expect(unwrap(await k.client.call('Catalog.Item', { id: 'residence-permit' })).name.zh).toBe('居住证申领');

    const catalog = sampleCatalog();
    catalog.version = '2026.12-fleet.2';
    catalog.items.find((i) => i.id === 'residence-permit')!.name = { zh: '居住证申领（新版）', en: 'Residence permit application (new)' };
    await platform.publish('catalog', 1, catalog);
    // (A heartbeat answer naming the new version may have started the same pull; pulls run one at a time.)
    await k.fleet.pullNow();
    expect(k.fleet.applier.state.catalog.highestAccepted).toBe(1);
    await k.fleet.tick();
    expect(unwrap(await k.client.call('Catalog.Item', { id: 'residence-permit' })).name.zh).toBe('居住证申领（新版）');
    await until(() => unwrap(fleetStatus(dataDir)).lastKnownGood.catalog === 1, 10_000, 'the catalog to pass the gate');
    expect(k.restarts).toEqual([]);
    expect(unwrap(fleetStatus(dataDir)).lastResult).toMatchObject({ kind: 'catalog', version: 1, outcome: 'applied' });

    // A restart boots the active catalog bundle, not the shipped file.
    await k.core.stop().then(() => k.start());
    expect(k.core.status().fleet).toEqual({ configVersion: null, catalogVersion: 1 });
    expect(unwrap(await k.client.call('Catalog.Item', { id: 'residence-permit' })).name.zh).toBe('居住证申领（新版）');
  });

  it('verifies a big catalog only at a safe point, never in front of a citizen', async () => {
    const platform = (rig.platform = await startFleetPlatform());
    const dataDir = tempDir('kiosk');
    await provisionDataDir(dataDir, platform);
    const k = (rig.kiosk = await new RestartingCore(dataDir).start());
    await until(() => k.healthy(), 15_000, 'every service and the platform available');
    const catalog = sampleCatalog();
    // 500 items: a payload well past what is verified at once.
    catalog.items = Array.from({ length: 10 }, (_, copy) => catalog.items.map((item) => (copy === 0 ? item : { ...item, id: `${item.id}-c${copy}`, related: [] }))).flat();
    catalog.version = '2026.12-big.1';
    unwrap(await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    await platform.publish('catalog', 1, catalog);
    expect(await k.fleet.pullNow()).toBe('config: none; catalog: waiting for a safe point to verify');
    await k.fleet.tick();
    expect(k.fleet.applier.state.catalog).toMatchObject({ staged: null, highestAccepted: 0 });
    unwrap(await k.client.call('Session.End', { reason: 'completed' }));
    await k.fleet.tick();
    await until(() => unwrap(fleetStatus(dataDir)).lastKnownGood.catalog === 1, 10_000, 'the big catalog to be applied');
    expect(unwrap(await k.client.call('Catalog.Item', { id: 'residence-permit-c9' })).id).toBe('residence-permit-c9');
  });
});

describe('opening hours', () => {
  it('refuses new sessions out of hours and says when the kiosk opens and where to go meanwhile', async () => {
    const dataDir = tempDir('kiosk');
    // Closed every day, open on one day ten days from now, 08:00–20:00 Beijing time.
    const opensOn = new Date(Date.now() + 8 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const hall = { name: { zh: '市民之家', en: 'Citizen Home' }, address: { zh: '杭州路 1 号', en: '1 Hangzhou Road' } };
    const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const k = (rig.kiosk = await new RestartingCore(dataDir, { openingHours: { weekly: closedWeek, exceptions: [{ date: opensOn, periods: [{ from: '08:00', to: '20:00' }] }], nearest24hHall: hall } }).start());
    expect(k.core.status().availability).toEqual({ state: 'closed', nextOpeningAt: new Date(`${opensOn}T08:00:00+08:00`).toISOString(), nearest24hHall: hall });
    const refused = await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'sequenceError', errorCode: 'outOfHours', description: expect.stringMatching(/closed/) } });
  });
});
