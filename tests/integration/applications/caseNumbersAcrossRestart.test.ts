// Case numbers stay unique and sequential per kiosk and Beijing day: concurrent submits from one
// session get consecutive numbers, and a restarted core continues after the last committed one.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { parseCaseNumber } from '../../../src-main/core/applications/caseNumber';
import { criminalRecordSubmission, removeTempDirs, sessionWithCard, startCore, tempDir, type CoreUnderTest } from './applicationsHarness';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

let kiosk: CoreUnderTest | undefined;
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  removeTempDirs();
});

describe('case numbers', () => {
  it('are unique and sequential under concurrent submits and across a restart', async () => {
    const dataDir = tempDir('restart');
    // No platform: numbering is local and must not depend on the network.
    kiosk = await startCore(dataDir);
    await sessionWithCard(kiosk.client);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => kiosk!.client.call('Application.Submit', criminalRecordSubmission())));
    const first = concurrent.map((r) => unwrap(r).caseNumber);
    expect(new Set(first).size).toBe(5);
    const parts = first.map((c) => parseCaseNumber(c)!);
    expect(new Set(parts.map((p) => p.day)).size).toBe(1);
    expect(parts.map((p) => p.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(first.every((c) => /^TEST01-\d{8}-\d{4}$/.test(c))).toBe(true);
    // Offline: committed and queued, never reported as acknowledged.
    expect(concurrent.every((r) => unwrap(r).syncState === 'queued')).toBe(true);
    await kiosk.stop();

    kiosk = await startCore(dataDir);
    await sessionWithCard(kiosk.client);
    const after = unwrap(await kiosk.client.call('Application.Submit', criminalRecordSubmission()));
    expect(parseCaseNumber(after.caseNumber)).toEqual({ ...parts[0]!, sequence: 6 });
    const db = kiosk.core.service(KioskDatabaseId)!;
    expect(db.prepare('SELECT COUNT(DISTINCT case_number) FROM applications').pluck().get()).toBe(6);
    expect(db.prepare("SELECT COUNT(DISTINCT stream_key) FROM outbox_jobs WHERE kind = 'application.submitted'").pluck().get()).toBe(6);
  });
});
