// A request altered after signing (body, path or method) is refused as badSignature and stores nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, sendRaw, signRequest, startPlatform, tempDir, type KioskUnderTest, platformEvents } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('tampered signature', () => {
  it('refuses a body, path or signature changed after signing', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    await provision(kiosk, platform);
    unwrap(kiosk.stack.outbox.enqueue({ streamKey: 'case:A', kind: 'dev.synthetic', payload: { amountFen: 3000 } }));
    const event = unwrap(kiosk.stack.outbox.takeBatch(1))[0]!.event;
    const body = JSON.stringify({ events: [event] });
    const signed = signRequest(kiosk, platform.url, 'POST', '/v1/events', body);

    const forged = JSON.stringify({ events: [{ ...event, payload: { amountFen: 300000 } }] });
    expect(await sendRaw(signed, { body: forged })).toMatchObject({ status: 401, json: { error: 'badSignature' } });
    const badSig = { ...signed.headers, 'x-budayang-signature': Buffer.alloc(64, 1).toString('base64') };
    expect(await sendRaw(signed, { headers: badSig })).toMatchObject({ status: 401, json: { error: 'badSignature' } });
    const unsigned = { 'content-type': 'application/json' };
    expect(await sendRaw(signed, { headers: unsigned })).toMatchObject({ status: 401, json: { error: 'unsigned' } });
    expect((await platform.store.events.count())).toBe(0);
    // The untouched request is accepted.
    expect(await sendRaw(signed)).toMatchObject({ status: 200 });
    expect((await platformEvents(platform))[0]!.payload).toEqual({ amountFen: 3000 });
  });
});
