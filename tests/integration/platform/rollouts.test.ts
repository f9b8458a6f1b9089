// Rollouts at the platform over real HTTP, on both stores (issue #11 items 5 and 7): kiosks sign
// their heartbeats and push `fleet.bundleResult` events like real ones; the platform's clock is
// moved for soak and offline times, and rollouts are evaluated by calling the driver (no timer,
// no sleep). Rings advance only after every kiosk of a ring reported and the soak passed; a
// canary's failure aborts before the next ring; a kiosk that was offline catches up when it
// returns; pause, resume and cancel.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { unwrap } from '../../../src-common/result';
import type { RolloutStatus } from '../../../src-common/wire/fleetAdmin';
import { BUNDLE_RESULT_KIND, fleetStreamKey, type BundleResultPayload } from '../../../src-common/wire/fleetEvents';
import type { HeartbeatResponse } from '../../../src-common/wire/wire';
import { startTestPlatform } from '../../support/platformDatabase';
import { openKiosk, provision, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

interface Fleet {
  readonly platform: PlatformServer;
  /** Moves the platform's clock forward. */
  advance(seconds: number): void;
  admin(method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Evaluates every active rollout once, as the timer would. */
  tick(): Promise<unknown>;
  rollout(id: string): Promise<RolloutStatus>;
}

async function startFleet(): Promise<Fleet> {
  let offset = 0;
  const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'fleet', now: () => Date.now() + offset, rolloutTickMs: 0 });
  open.push(() => platform.close());
  const admin = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(platform.url + route, { method, headers: { authorization: 'Bearer fleet', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    platform,
    advance: (seconds) => void (offset += seconds * 1000),
    admin,
    tick: () => platform.rollouts.tick(),
    rollout: async (id) => (await admin('GET', `/admin/rollouts/${id}`)).json as unknown as RolloutStatus,
  };
}

interface SimKiosk {
  readonly kiosk: KioskUnderTest;
  readonly id: string;
  /** One heartbeat (a village kiosk running `configVersion`); the answer. */
  beat(configVersion?: number | null): Promise<HeartbeatResponse>;
  /** Pushes a bundle result through the outbox, as the kiosk's fleet module would. */
  report(outcome: 'applied' | 'rolledBack', version: number): Promise<void>;
}

async function kioskOf(fleet: Fleet, code: string, level: 'village' | 'city' = 'village'): Promise<SimKiosk> {
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const id = await provision(kiosk, fleet.platform, code);
  let seq = 0;
  return {
    kiosk,
    id,
    beat: async (configVersion = null) =>
      unwrap(
        await kiosk.client.heartbeat({
          sentAt: new Date().toISOString(),
          devices: [],
          queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
          versions: { app: 't', config: 't', configVersion, catalogVersion: null },
          diskFreeBytes: null,
          commandResults: [],
          site: { level, regionCode: level === 'village' ? '420222101201' : '420200', hardware: ['receiptPrinter/escpos'] },
        }),
      ),
    report: async (outcome, version) => {
      const base = { resultId: `${code}-${++seq}`, kind: 'config' as const, version, previousVersion: null, detail: outcome, at: new Date().toISOString() };
      const payload: BundleResultPayload = outcome === 'applied' ? { ...base, outcome } : { ...base, outcome, reason: 'healthGate' };
      unwrap(kiosk.stack.outbox.enqueue({ streamKey: fleetStreamKey.bundle('config'), kind: BUNDLE_RESULT_KIND, payload }));
      expect(await kiosk.engine.flushNow()).toMatchObject({ kind: 'drained' });
    },
  };
}

async function publishConfig(fleet: Fleet, version: number): Promise<void> {
  expect((await fleet.admin('POST', '/admin/bundles/config/sign', { version, payload: { ui: { idleWarningSeconds: 60 + version } } })).status).toBe(200);
}

async function startRollout(fleet: Fleet, body: Record<string, unknown>): Promise<string> {
  const created = await fleet.admin('POST', '/admin/rollouts', { kind: 'config', version: 1, ...body });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  return created.json.rolloutId as string;
}

describe('rollouts', () => {
  it('advances ring by ring only after every kiosk of the ring reported and the soak passed, then completes', async () => {
    const fleet = await startFleet();
    const kiosks = [await kioskOf(fleet, 'VA01'), await kioskOf(fleet, 'VA02'), await kioskOf(fleet, 'VA03'), await kioskOf(fleet, 'VA04'), await kioskOf(fleet, 'CITY01', 'city')];
    for (const k of kiosks) await k.beat();
    expect((await fleet.admin('PUT', '/admin/fleet/groups/villages', { selector: { levels: ['village'] } })).status).toBe(200);
    await publishConfig(fleet, 1);
    const id = await startRollout(fleet, { target: { group: 'villages' }, rings: [{ kiosks: 1 }, { percent: 50 }, { percent: 100 }], soakSeconds: 60 });
    const [a, b, c, d, city] = kiosks as [SimKiosk, SimKiosk, SimKiosk, SimKiosk, SimKiosk];
    const desired = async (k: SimKiosk) => (await k.beat()).desired?.configVersion;

    // Ring 0: the canary only; the city kiosk is no target at all.
    expect((await fleet.rollout(id)).rings.map((r) => r.kiosks)).toEqual([1, 1, 2]);
    expect([await desired(a), await desired(b), await desired(c), await desired(d), await desired(city)]).toEqual([1, undefined, undefined, undefined, undefined]);
    await fleet.tick();
    expect((await fleet.rollout(id)).rings[0]).toMatchObject({ state: 'active', pending: 1 });

    await a.report('applied', 1);
    await fleet.tick(); // reported: the soak starts
    expect((await fleet.rollout(id)).rings[0]).toMatchObject({ state: 'soaking', applied: 1 });
    fleet.advance(59);
    await fleet.tick();
    expect(await desired(b)).toBeUndefined();
    fleet.advance(1);
    await fleet.tick();
    expect(await desired(b)).toBe(1);
    expect((await fleet.rollout(id)).currentRing).toBe(1);

    await b.report('applied', 1);
    await fleet.tick();
    fleet.advance(60);
    await fleet.tick();
    expect([await desired(c), await desired(d)]).toEqual([1, 1]);
    await c.report('applied', 1);
    await fleet.tick();
    expect((await fleet.rollout(id)).rings[2]).toMatchObject({ state: 'active', applied: 1, pending: 1 });
    await d.report('applied', 1);
    await fleet.tick();
    fleet.advance(60);
    await fleet.tick();
    expect(await fleet.rollout(id)).toMatchObject({ state: 'completed', totals: { kiosks: 4, applied: 4, failed: 0, pending: 0 } });

    // The twin: desired and reported per kiosk.
    const listed = (await fleet.admin('GET', '/admin/fleet/kiosks?group=villages')).json.kiosks as Array<{ kioskId: string; app: { reported: string }; config: { desired: number; reported: number } }>;
    expect(listed.map((k) => k.config)).toEqual(kiosks.slice(0, 4).map(() => expect.objectContaining({ desired: 1, reported: 1 })));
    expect(listed.map((k) => k.app.reported)).toEqual(['t', 't', 't', 't']);
  });

  it('aborts when the canary rolls back, before the next ring is told', async () => {
    const fleet = await startFleet();
    const [a, b, c] = [await kioskOf(fleet, 'VB01'), await kioskOf(fleet, 'VB02'), await kioskOf(fleet, 'VB03')];
    for (const k of [a, b, c]) await k.beat();
    await publishConfig(fleet, 1);
    const id = await startRollout(fleet, { target: { levels: ['village'] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0, abort: { failurePercent: 10, minKiosks: 1 } });
    expect((await a.beat()).desired).toEqual({ configVersion: 1 });
    await a.report('rolledBack', 1);
    await fleet.tick();
    const status = await fleet.rollout(id);
    expect(status).toMatchObject({ state: 'aborted', reason: expect.stringMatching(/1 of 1 kiosks that reported failed/), totals: { failed: 1, applied: 0 } });
    expect(status.rings[1]).toMatchObject({ kiosks: 2, pending: 0, applied: 0, state: 'skipped' });
    // The next ring never hears of it, not even later.
    await fleet.tick();
    expect((await b.beat()).desired).toBeUndefined();
    expect(await c.kiosk.client.pullBundle('config')).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
    // The canary's twin keeps the result.
    const canary = ((await fleet.admin('GET', '/admin/fleet/kiosks')).json.kiosks as Array<{ kioskId: string; config: { lastResult: { outcome: string } | null } }>).find((k) => k.kioskId === a.id);
    expect(canary?.config.lastResult).toMatchObject({ outcome: 'rolledBack' });
  });

  it('does not let a kiosk that is offline hold a ring back; it catches up when it returns', async () => {
    const fleet = await startFleet();
    const [a, b, c] = [await kioskOf(fleet, 'VC01'), await kioskOf(fleet, 'VC02'), await kioskOf(fleet, 'VC03')];
    for (const k of [a, b, c]) await k.beat();
    fleet.advance(31);
    await b.beat();
    await a.beat(); // a and b are online, c has been silent for 31 s
    await publishConfig(fleet, 1);
    const id = await startRollout(fleet, { target: { levels: ['village'] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0, offlineAfterSeconds: 30 });
    // The canary is a kiosk that answers, even though c registered first among the silent ones.
    expect((await fleet.rollout(id)).rings.map((r) => r.kiosks)).toEqual([1, 2]);
    const canary = (await a.beat()).desired ? a : b;
    const other = canary === a ? b : a;
    await canary.report('applied', 1);
    await fleet.tick();
    await fleet.tick();
    expect((await other.beat()).desired).toEqual({ configVersion: 1 });
    await other.report('applied', 1);
    await fleet.tick();
    await fleet.tick();
    expect(await fleet.rollout(id)).toMatchObject({ state: 'completed', totals: { applied: 2, pending: 1 }, rings: [expect.anything(), expect.objectContaining({ pending: 1, offline: 1 })] });

    // c comes back: its heartbeat answer names the version, and the bundle is there for it.
    expect((await c.beat()).desired).toEqual({ configVersion: 1 });
    const pulled = unwrap(await c.kiosk.client.pullBundle('config'));
    expect(pulled?.bundle).toMatchObject({ kind: 'config', version: 1 });
    await c.report('applied', 1);
    expect((await fleet.rollout(id)).totals).toEqual({ kiosks: 3, applied: 3, failed: 0, pending: 0 });
  });

  it('pauses (no ring advances, whatever the soak), resumes with a fresh soak, and cancels: kiosks not yet updated are not told', async () => {
    const fleet = await startFleet();
    const [a, b] = [await kioskOf(fleet, 'VD01'), await kioskOf(fleet, 'VD02')];
    for (const k of [a, b]) await k.beat();
    await publishConfig(fleet, 1);
    const id = await startRollout(fleet, { target: { levels: ['village'] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 10 });
    await a.report('applied', 1);
    await fleet.tick();
    expect((await fleet.admin('POST', `/admin/rollouts/${id}/pause`)).json).toMatchObject({ state: 'paused' });
    expect((await fleet.admin('POST', `/admin/rollouts/${id}/pause`)).status).toBe(409);
    fleet.advance(20);
    await fleet.tick();
    expect((await b.beat()).desired).toBeUndefined();

    expect((await fleet.admin('POST', `/admin/rollouts/${id}/resume`)).json).toMatchObject({ state: 'running', rings: [expect.objectContaining({ state: 'soaking' }), expect.anything()] });
    fleet.advance(9);
    await fleet.tick();
    expect((await b.beat()).desired).toBeUndefined();
    fleet.advance(1);
    await fleet.tick();
    expect((await b.beat()).desired).toEqual({ configVersion: 1 });

    // Canceled before b reported: b is told to run what it ran before.
    expect((await fleet.admin('POST', `/admin/rollouts/${id}/cancel`)).json).toMatchObject({ state: 'canceled', reason: 'canceled by instance-token' });
    expect((await b.beat()).desired).toBeUndefined();
    expect((await fleet.admin('POST', `/admin/rollouts/${id}/resume`)).status).toBe(409);
    // A canceled version stays behind: the next rollout needs a higher one.
    expect((await fleet.admin('POST', '/admin/rollouts', { kind: 'config', version: 1, target: {} })).json).toMatchObject({ error: 'versionNotNewer' });
    await publishConfig(fleet, 2);
    const next = await startRollout(fleet, { version: 2, target: {}, rings: [{ percent: 100 }] });
    await publishConfig(fleet, 3);
    expect((await fleet.admin('POST', '/admin/rollouts', { kind: 'config', version: 3, target: {} })).json).toMatchObject({ error: 'anotherRolloutActive' });
    expect((await a.beat()).desired).toEqual({ configVersion: 2 });
    expect((await fleet.rollout(next)).totals.kiosks).toBe(2);
  });
});
