// The platform stores half a batch and then drops the connection without answering: the kiosk
// resends the whole batch, the stored half comes back `duplicate`, and nothing arrives twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, ManualClock, manualTimers, openKiosk, provision, startPlatform, tempDir, type KioskUnderTest, platformEvents } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('connection reset mid-batch', () => {
  it('resends after the reset and the platform holds every record once, in order', async () => {
    platform = await startPlatform(tempDir('platform'));
    const clock = new ManualClock(Date.now());
    kiosk = openKiosk(tempDir('kiosk'), { clock, timers: manualTimers, batchSize: 50 });
    await provision(kiosk, platform);
    const expected = enqueueSynthetic(kiosk, 200, 9);

    platform.faults.set({ kind: 'resetMidBatch', remaining: 3 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await kiosk.engine.drain();
      outcomes.push(outcome);
      expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'unreachable' } });
      expect(kiosk.stack.outbox.status().inFlight).toBe(0);
      clock.advance(120_000);
    }
    // Each reset stored half a batch the kiosk never heard about.
    expect((await platform.store.events.count())).toBe(25);
    const final = await kiosk.engine.drain();
    expect(final).toMatchObject({ kind: 'drained' });
    expect(kiosk.stack.outbox.status()).toMatchObject({ pending: 0, inFlight: 0, acknowledged: 200 });
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
  });
});
