// 呼叫帮助 while the platform is down (#16 item 15): the request is recorded in the kiosk's outbox
// at once (the kiosk can say staff are called), nothing is lost while the platform is away, and
// when it is back the one request arrives and raises one citizenNeedsHelp alert.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import type { Alert } from '../../../src-common/wire/monitoringWire';
import { HelpRequests } from '../../../src-main/core/help/HelpRequests';
import { openKiosk, provision, startPlatform, tempDir, until, type KioskUnderTest } from './support/syncHarness';

let platform: PlatformServer | undefined;
let kiosk: KioskUnderTest | undefined;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('呼叫帮助 with the platform down', () => {
  it('is queued at once and raises one alert when the platform is back', async () => {
    const platformDir = tempDir('platform');
    platform = await startPlatform(platformDir);
    const port = Number(new URL(platform.url).port);
    const online: boolean[] = [];
    kiosk = openKiosk(tempDir('kiosk'), { onOnlineChange: (o) => online.push(o) });
    const kioskId = await provision(kiosk, platform);
    await platform.close();
    platform = undefined;

    kiosk.engine.start();
    const requests = new HelpRequests(kiosk.stack.outbox, 300_000, () => Date.now(), () => kiosk!.stack.identity.registration() !== undefined);
    expect(requests.request('pay', 'pay-confirm')).toMatchObject({ ok: true, value: { repeated: false } });
    expect(requests.request('pay', 'pay-confirm')).toMatchObject({ ok: true, value: { repeated: true } });
    await until(() => online.includes(false), 'the engine to report the platform unreachable');
    expect(kiosk.stack.outbox.status()).toMatchObject({ pending: 1, inFlight: 0 });

    platform = await startPlatform(platformDir, port);
    kiosk.engine.notifyReachable();
    await until(() => kiosk!.stack.outbox.status().acknowledged === 1, 'the help request acknowledged');
    const res = await fetch(`${platform.url}/admin/alerts?code=citizenNeedsHelp&kioskId=${kioskId}`, { headers: { authorization: `Bearer ${platform.adminToken}` } });
    const alerts = ((await res.json()) as { alerts: Alert[] }).alerts;
    expect(alerts.map((a) => [a.state, a.occurrences, a.detail.service, a.detail.step])).toEqual([['open', 1, 'pay', 'pay-confirm']]);
  });
});
