// Done-when: with the platform stopped, 1,000 events are queued; the platform starts; all arrive
// exactly once, in order, and the queue shows zero pending.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, openKiosk, platformEvents, provision, startPlatform, tempDir, until, type KioskUnderTest } from './support/syncHarness';

let platform: PlatformServer | undefined;
let kiosk: KioskUnderTest | undefined;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('offline queue drains when the platform starts', () => {
  it('delivers 1,000 records queued while the platform was down, exactly once and in order', async () => {
    const platformDir = tempDir('platform');
    platform = await startPlatform(platformDir);
    const port = Number(new URL(platform.url).port);
    const online: boolean[] = [];
    kiosk = openKiosk(tempDir('kiosk'), { onOnlineChange: (o) => online.push(o) });
    await provision(kiosk, platform);
    await platform.close();
    platform = undefined;

    kiosk.engine.start();
    const expected = enqueueSynthetic(kiosk, 1000, 37);
    // The engine tried, found the platform unreachable and went offline; nothing left the queue.
    await until(() => online.includes(false), 'the engine to report the platform unreachable');
    expect(kiosk.engine.isOnline).toBe(false);
    expect(kiosk.stack.outbox.status()).toMatchObject({ pending: 1000, inFlight: 0 });

    platform = await startPlatform(platformDir, port);
    // The heartbeat is what notices the platform again; here we call it the same way.
    kiosk.engine.notifyReachable();
    await until(() => kiosk!.stack.outbox.status().acknowledged === 1000, '1,000 acknowledgements');

    const status = kiosk.stack.outbox.status();
    expect(status).toMatchObject({ pending: 0, inFlight: 0, deadLetter: 0, acknowledged: 1000 });
    expect(status.lastSyncAt).not.toBeNull();
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
    expect(online).toEqual([false, true]);
  });
});
