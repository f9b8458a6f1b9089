// The fleet console's reads against a real platform (both stores) and a fleet seeded through the
// signed kiosk API: liveness counts by region and level (offline = 3 missed heartbeats), the
// filtered and paged kiosk list, a kiosk's devices, consumables, queue and versions, and its
// recent events without any personal data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetOverview, KioskDetail, KioskSummary } from '../../../platform/api/fleet';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { SEEDED_APPLICANT_NAME, seedFleet, type SeededFleet } from '../../../scripts/seedFleet';
import { startTestPlatform } from '../../support/platformDatabase';
import { call } from './support/consoleClient';

let platform: PlatformServer;
let fleet: SeededFleet;
/** The platform's clock runs ahead of the kiosks' by this much (the kiosks sign with real time). */
let ahead = 0;

const admin = { authorization: 'Bearer tok' };
async function get<T>(urlPath: string): Promise<T> {
  const answer = await call(platform.url, 'GET', urlPath, { headers: admin });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as T;
}

function codeOf(kiosks: readonly KioskSummary[]): string[] {
  return kiosks.map((k) => k.kioskCode);
}

beforeAll(async () => {
  platform = await startTestPlatform({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'console-fleet-')), adminToken: 'tok', now: () => Date.now() + ahead, provisioningAttemptsPerMinute: 1000, consoleDir: null });
  fleet = await seedFleet({ platformUrl: platform.url, adminToken: 'tok', kiosks: 20 });
  // Three heartbeat intervals (60 s) pass: kiosks planned offline stay silent, the rest beat again.
  ahead = 181_000;
  await fleet.beat();
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('fleet overview', () => {
  it('counts online, degraded, offline and never-seen kiosks, by city and by level', async () => {
    const overview = await get<FleetOverview>('/admin/fleet/overview');
    expect(overview.offlineAfterSeconds).toBe(180);
    expect(overview.totals).toEqual({ online: 12, degraded: 4, offline: 2, never: 2 });
    expect(overview.byRegion.map((r) => r.regionCode)).toEqual(['4201', '4202', '4206']);
    const planned = (prefix: string) => fleet.kiosks.filter((k) => k.regionCode.startsWith(prefix));
    for (const region of overview.byRegion) {
      const counts = region.counts;
      expect(counts.online + counts.degraded + counts.offline + counts.never).toBe(planned(region.regionCode!).length);
    }
    expect(overview.byLevel.map((l) => l.level)).toEqual(['city', 'county', 'township', 'village']);
    for (const { level, counts } of overview.byLevel) {
      const here = fleet.kiosks.filter((k) => k.level === level);
      expect([level, counts]).toEqual([level, { online: 0, degraded: 0, offline: 0, never: 0, ...Object.fromEntries(['online', 'degraded', 'offline', 'never'].map((s) => [s, here.filter((k) => k.liveness === s).length])) }]);
    }
  });

  it('drills into a city: its counties and towns one level down', async () => {
    const overview = await get<FleetOverview>('/admin/fleet/overview?region=4202');
    expect(overview.region).toBe('4202');
    expect(overview.byRegion.map((r) => r.regionCode)).toEqual(['420202', '420222', '420281']);
    const total = overview.totals.online + overview.totals.degraded + overview.totals.offline + overview.totals.never;
    expect(total).toBe(fleet.kiosks.filter((k) => k.regionCode.startsWith('4202')).length);
  });
});

describe('kiosk list', () => {
  it('filters by status, region, level, site kind, hardware and version', async () => {
    const planned = (test: (k: SeededFleet['kiosks'][number]) => boolean) => fleet.kiosks.filter(test).map((k) => k.kioskCode);
    const cases: Array<[string, string[]]> = [
      ['status=offline', planned((k) => k.liveness === 'offline')],
      ['status=never', planned((k) => k.liveness === 'never')],
      ['status=degraded', planned((k) => k.liveness === 'degraded')],
      ['region=420281&level=village', planned((k) => k.regionCode.startsWith('420281') && k.level === 'village')],
      ['siteKind=village&status=online', planned((k) => k.siteKind === 'village' && k.liveness === 'online')],
      [`hardware=${encodeURIComponent('HK-800 桌面式')}`, planned((k) => k.hardware === 'HK-800 桌面式')],
      ['version=0.1.0', planned((k) => k.appVersion === '0.1.0' && k.liveness !== 'never')],
    ];
    for (const [query, expected] of cases) {
      const page = await get<{ kiosks: KioskSummary[]; total: number }>(`/admin/kiosks?${query}`);
      expect([query, codeOf(page.kiosks)]).toEqual([query, expected]);
      expect(page.total).toBe(expected.length);
    }
  });

  it('pages in registration order without gaps or repeats, with the total that match', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { kiosks: KioskSummary[]; nextAfter: string | null; total: number } = await get(`/admin/kiosks?limit=7${after ? `&after=${after}` : ''}`);
      expect(page.total).toBe(20);
      seen.push(...codeOf(page.kiosks));
      after = page.kiosks.length === 7 ? page.nextAfter : null;
    } while (after);
    expect(seen).toEqual(fleet.kiosks.map((k) => k.kioskCode));
  });

  it('refuses a malformed filter with the field named', async () => {
    const answer = await call(platform.url, 'GET', '/admin/kiosks?status=sleeping&region=42x', { headers: admin });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalidRequest');
    expect(answer.json.message).toMatch(/status/);
  });

  it('offers the hardware models and versions present as filter choices', async () => {
    expect(await get('/admin/fleet/facets')).toEqual({ hardware: ['HK-800 桌面式', 'ZZJ-A1 立式', 'ZZJ-B2 壁挂式'], appVersions: ['0.1.0', '0.1.1'] });
  });
});

describe('kiosk page', () => {
  it('shows a degraded kiosk’s problems, devices with consumables, queue, versions and free disk', async () => {
    const degraded = fleet.kiosks.find((k) => k.liveness === 'degraded')!;
    const detail = await get<KioskDetail>(`/admin/kiosks/${degraded.kioskId}`);
    expect(detail.status).toBe('degraded');
    expect(detail.tags).toEqual({ regionCode: degraded.regionCode, level: degraded.level, siteKind: degraded.siteKind, siteName: degraded.siteName, hardware: degraded.hardware });
    expect(detail.problems).toEqual([
      { code: 'paperLow', deviceId: 'receipt-printer' },
      { code: 'deviceFault', deviceId: 'bill-acceptor' },
    ]);
    expect(detail.devices.find((d) => d.deviceId === 'receipt-printer')).toMatchObject({ state: 'online', paper: 'low', cashBox: null });
    expect(detail.devices.find((d) => d.deviceId === 'bill-acceptor')).toMatchObject({ state: 'hardwareError', cashBox: 'ok', reason: expect.stringContaining('jam') });
    expect(detail.queue).toEqual({ pending: 12, deadLetter: 0, oldestPendingAgeSeconds: 340 });
    expect(detail.versions).toMatchObject({ app: degraded.appVersion, config: 'site-1' });
    expect(detail.diskFreeBytes).toBe(48 * 1024 ** 3);
    // The latest self-test per device, from the heartbeat, with each step's timing.
    expect(detail.selfTests.map((r) => `${r.deviceId}:${r.outcome}`)).toEqual(['receipt-printer:passed', 'bill-acceptor:failed']);
    expect(detail.selfTests[1]!.steps).toEqual([
      { action: 'enable', outcome: 'passed', durationMs: 41 },
      { action: 'escrowAndReturn', outcome: 'failed', durationMs: 5012 },
      { action: 'counters', outcome: 'skipped', durationMs: 0 },
    ]);
  });

  it('shows a never-seen kiosk with no heartbeat data, and answers 404 for an unknown one', async () => {
    const never = fleet.kiosks.find((k) => k.liveness === 'never')!;
    const detail = await get<KioskDetail>(`/admin/kiosks/${never.kioskId}`);
    expect(detail).toMatchObject({ status: 'never', lastHeartbeatAt: null, devices: [], queue: null, versions: null, problems: [], selfTests: [] });
    const unknown = await call(platform.url, 'GET', '/admin/kiosks/K-nope', { headers: admin });
    expect([unknown.status, unknown.json.error]).toEqual([404, 'notFound']);
  });

  it('lists recent events newest first without payload or personal data', async () => {
    const degraded = fleet.kiosks.find((k) => k.liveness === 'degraded')!;
    const page = await call(platform.url, 'GET', `/admin/kiosks/${degraded.kioskId}/events?limit=10`, { headers: admin });
    const events = page.json.events as Array<{ kind: string; seq: number }>;
    expect(events.map((e) => e.kind)).toEqual(['help.struggleCounts', 'alert.raised', 'application.submitted']);
    expect(events[0]!.seq).toBeGreaterThan(events[1]!.seq);
    // The platform holds the applicant (it is in the PII column): the console's answer does not.
    const raw = await call(platform.url, 'GET', `/admin/events?kioskId=${degraded.kioskId}`, { headers: admin });
    expect(JSON.stringify(raw.json)).toContain(SEEDED_APPLICANT_NAME);
    expect(JSON.stringify(page.json)).not.toContain(SEEDED_APPLICANT_NAME);
    expect(JSON.stringify(page.json)).not.toContain('420202199001011234');
    expect(Object.keys(events[0]!).sort()).toEqual(['kind', 'occurredAt', 'receivedAt', 'seq', 'streamKey', 'streamSeq']);
  });

  it('refuses tags that are not a region code or level', async () => {
    const kiosk = fleet.kiosks[0]!;
    const answer = await call(platform.url, 'PUT', `/admin/kiosks/${kiosk.kioskId}/tags`, { body: { regionCode: '42', level: 'province', siteKind: null, siteName: null, hardware: null }, headers: admin });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/regionCode/);
    expect(answer.json.message).toMatch(/level/);
  });
});
