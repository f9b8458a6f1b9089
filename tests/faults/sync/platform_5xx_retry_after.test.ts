// The platform answers 503 with Retry-After, then 500: nothing is lost or duplicated, the engine
// waits at least Retry-After, reports the platform offline, and flushes once it recovers.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, ManualClock, manualTimers, openKiosk, provision, startPlatform, tempDir, type KioskUnderTest, platformEvents, until } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('platform 5xx with Retry-After', () => {
  it('backs off for at least Retry-After on 503, keeps every record, and delivers them once when it recovers', async () => {
    platform = await startPlatform(tempDir('platform'));
    const clock = new ManualClock(Date.now());
    const online: boolean[] = [];
    kiosk = openKiosk(tempDir('kiosk'), { clock, timers: manualTimers, random: () => 0, onOnlineChange: (o) => online.push(o) });
    await provision(kiosk, platform);
    const expected = enqueueSynthetic(kiosk, 120, 6);

    platform.faults.set({ kind: 'status', status: 503, retryAfterSeconds: 120 });
    const first = await kiosk.engine.drain();
    expect(first).toMatchObject({ kind: 'failed', failure: { kind: 'http', status: 503, retryAfterMs: 120_000 }, retryInMs: 120_000 });
    expect(kiosk.engine.nextAttemptAt).toBe(clock.now() + 120_000);
    expect(online).toEqual([false]);
    expect(kiosk.stack.outbox.status()).toMatchObject({ pending: 120, inFlight: 0 });

    platform.faults.set({ kind: 'status', status: 500 });
    clock.advance(120_000);
    const second = await kiosk.engine.drain();
    expect(second).toMatchObject({ kind: 'failed', failure: { kind: 'http', status: 500 } });
    expect((await platform.store.events.count())).toBe(0);

    platform.faults.set({ kind: 'none' });
    clock.advance(60_000);
    const third = await kiosk.engine.drain();
    expect(third).toMatchObject({ kind: 'drained', delivered: 120 });
    expect(online).toEqual([false, true]);
    expect(kiosk.engine.failures).toBe(0);
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
    // Attempts were counted on the jobs for the technician's view: two refused pushes, one accepted.
    expect(kiosk.stack.db.prepare('SELECT attempts FROM outbox_jobs ORDER BY id LIMIT 1').pluck().get()).toBe(3);
  });

  it('with real timers, retries by itself after Retry-After and drains', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    await provision(kiosk, platform);
    const expected = enqueueSynthetic(kiosk, 40, 3);
    platform.faults.set({ kind: 'status', status: 503, retryAfterSeconds: 1, remaining: 2 });
    const started = Date.now();
    kiosk.engine.start();
    await until(() => kiosk.stack.outbox.status().acknowledged === 40, '40 acknowledgements after two Retry-After refusals');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // two refusals, each with Retry-After: 1
    expect(platform.faults.triggered).toBe(2);
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
  });
});
