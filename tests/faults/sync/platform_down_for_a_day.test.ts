// The platform is down for a simulated day (injectable clock): the engine keeps probing at most a
// minute apart with jittered backoff, queues everything recorded meanwhile, never dead-letters for
// being offline, and delivers it all once the platform returns.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { CONNECTIVITY_BACKOFF } from '../../../src-main/core/outbox/retryPolicies';
import { enqueueSynthetic, expectExactlyOnceInOrder, ManualClock, manualTimers, openKiosk, provision, startPlatform, tempDir, type KioskUnderTest, platformEvents } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer | undefined;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

const DAY_MS = 24 * 3_600_000;

describe('platform down for a day', () => {
  it('probes with capped backoff all day, loses nothing, and drains when the platform returns', async () => {
    const platformDir = tempDir('platform');
    platform = await startPlatform(platformDir);
    const port = Number(new URL(platform.url).port);
    const clock = new ManualClock(Date.now());
    kiosk = openKiosk(tempDir('kiosk'), { clock, timers: manualTimers });
    await provision(kiosk, platform);
    await platform.close(); // down: connections refused
    platform = undefined;

    const expected = new Map<string, string[]>();
    const start = clock.now();
    let attempts = 0;
    let longestWait = 0;
    while (clock.now() - start < DAY_MS) {
      // A citizen now and then: about one record every ten minutes.
      if (attempts % 10 === 0) for (const [s, keys] of enqueueSynthetic(kiosk, 1, 1)) expected.set(s, [...(expected.get(s) ?? []), ...keys]);
      const outcome = await kiosk.engine.drain();
      expect(outcome.kind).toBe('failed');
      attempts++;
      const wait = kiosk.engine.nextAttemptAt - clock.now();
      longestWait = Math.max(longestWait, wait);
      clock.advance(Math.max(wait, 1));
    }
    expect(longestWait).toBeLessThanOrEqual(CONNECTIVITY_BACKOFF.capMs);
    // Full jitter around a 60 s cap: on average one probe every ~30 s, so a day has well over a thousand.
    expect(attempts).toBeGreaterThan(1000);
    const queued = [...expected.values()].reduce((n, k) => n + k.length, 0);
    expect(kiosk.stack.outbox.status()).toMatchObject({ pending: queued, deadLetter: 0, inFlight: 0 });
    expect(kiosk.stack.outbox.status().oldestPendingAgeSeconds).toBeGreaterThan(23 * 3600);
    // Offline, the engine probes instead of rewriting the queue: at most the first failed push counted.
    expect(kiosk.stack.db.prepare('SELECT MAX(attempts) FROM outbox_jobs').pluck().get()).toBeLessThanOrEqual(1);

    platform = await startPlatform(platformDir, port);
    kiosk.engine.notifyReachable(); // what a successful heartbeat does
    expect(kiosk.engine.nextAttemptAt).toBe(0);
    expect(await kiosk.engine.drain()).toMatchObject({ kind: 'drained', delivered: queued });
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
  }, 90_000);
});
