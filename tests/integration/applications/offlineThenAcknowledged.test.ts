// Submitted while the platform is down: the case is committed and stays `queued` (never reported
// acknowledged), WaitAcknowledged returns `queued` at its timeout; once the platform is back and
// the heartbeat notices, the same case becomes `acknowledged` and the platform holds it once;
// with a zero retention window the next heartbeat purges its sealed PII and the case metadata stays.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { criminalRecordSubmission, platformEvents, provisionDataDir, sessionWithCard, startCore, startPlatform, tempDir, removeTempDirs, until, type CoreUnderTest } from './applicationsHarness';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

let platform: PlatformServer | undefined;
let kiosk: CoreUnderTest | undefined;
afterEach(async () => {
  await kiosk?.stop();
  await platform?.close();
  kiosk = undefined;
  platform = undefined;
  removeTempDirs();
});

describe('offline submission', () => {
  it('stays queued while the platform is stopped, then becomes acknowledged after it starts', async () => {
    const platformDir = tempDir('platform');
    platform = await startPlatform(platformDir);
    const port = Number(new URL(platform.url).port);
    const dataDir = tempDir('kiosk');
    await provisionDataDir(dataDir, platform);
    await platform.close();
    platform = undefined;

    // The smallest heartbeat the schema allows: it is what notices the platform coming back.
    kiosk = await startCore(dataDir, { heartbeatSeconds: 5, retentionHours: 0 });
    const { client } = kiosk;
    await sessionWithCard(client);
    const result = unwrap(await client.call('Application.Submit', criminalRecordSubmission()));
    expect(result.syncState).toBe('queued');
    expect(result.receipt.outcome).toBe('printed');
    // The kiosk tried to deliver it with the platform down (a failed push counts an attempt), and it stays queued.
    const attempts = kiosk.core.service(KioskDatabaseId)!.prepare('SELECT attempts FROM outbox_jobs WHERE stream_key = ?').pluck();
    await until(() => (attempts.get(result.caseNumber) as number) >= 1, 15_000, 'a push attempt while the platform is down');
    expect(unwrap(await client.call('Application.SessionCases', {})).cases[0]!.syncState).toBe('queued');

    platform = await startPlatform(platformDir, port);
    const started = Date.now();
    const acknowledged = unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 60 }));
    expect(acknowledged.syncState).toBe('acknowledged');
    // Bounded by the heartbeat interval and the engine's backoff cap, not by the 60 s timeout.
    expect(Date.now() - started).toBeLessThan(60_000);
    const events = (await platformEvents(platform)).filter((e) => e.streamKey === result.caseNumber);
    expect(events).toHaveLength(1);

    const db = kiosk.core.service(KioskDatabaseId)!;
    const sealed = db.prepare('SELECT pii_cipher FROM outbox_jobs WHERE stream_key = ?').pluck();
    await until(() => sealed.get(result.caseNumber) === null, 15_000, 'the acknowledged case PII to be purged');
    expect(unwrap(await client.call('Application.SessionCases', {})).cases).toEqual([expect.objectContaining({ caseNumber: result.caseNumber, syncState: 'acknowledged' })]);
  }, 90_000);
});
