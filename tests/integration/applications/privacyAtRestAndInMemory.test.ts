// The applicant's data is encrypted at rest and gone from memory after the session: a byte search
// of every file in the kiosk's data directory (database, WAL, logs, print journal) finds no
// plaintext name, ID number, phone or address; after Session.End the service holds nothing of
// the applicant; the platform still received everything.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { SESSION_ID_CARD_KEY } from '../../../src-main/core/session/sessionIdCard';
import { criminalRecordSubmission, platformEvents, provisionDataDir, sessionWithCard, startCore, startPlatform, tempDir, removeTempDirs, type CoreUnderTest } from './applicationsHarness';
import { ApplicationServiceId } from '../../../src-main/core/applications/ApplicationService';
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

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Files under `dir` whose bytes contain `needle` as UTF-8 (or as UTF-16LE, in case anything stored it so). */
function filesContaining(dir: string, needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  return filesUnder(dir).filter((file) => {
    const bytes = fs.readFileSync(file);
    return bytes.includes(utf8) || bytes.includes(utf16);
  });
}

describe('applicant privacy', () => {
  it('leaves no plaintext PII in the data directory and nothing of the applicant in memory after the session', async () => {
    platform = await startPlatform(tempDir('platform'));
    const dataDir = tempDir('kiosk');
    await provisionDataDir(dataDir, platform);
    kiosk = await startCore(dataDir, { writeLogs: true });
    const { client, core } = kiosk;
    const applicant = await sessionWithCard(client, 'resident-chen');
    const phone = '13912345678';
    const reason = '用于办理出国签证所需证明材料';
    const result = unwrap(await client.call('Application.Submit', criminalRecordSubmission({ answers: { applicantPhone: phone, reason } })));
    expect(unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 15 })).syncState).toBe('acknowledged');

    // While the core runs (WAL not yet checkpointed) the sealed job is in the database files.
    const walFile = path.join(dataDir, 'kiosk.sqlite-wal');
    expect(fs.existsSync(walFile)).toBe(true);
    expect(fs.readFileSync(walFile).includes(Buffer.from(result.caseNumber))).toBe(true);
    for (const secret of [applicant.name, applicant.idNumber, phone, reason]) expect(filesContaining(dataDir, secret)).toEqual([]);
    // The sealed PII is really there: the job carries a ciphertext.
    const sealed = core.service(KioskDatabaseId)!.prepare('SELECT pii_cipher FROM outbox_jobs WHERE stream_key = ?').pluck().get(result.caseNumber) as Buffer;
    expect(sealed.length).toBeGreaterThan(100);

    const session = core.context.sessions.active!;
    unwrap(await client.call('Session.End', { reason: 'completed' }));
    expect(core.context.sessions.active).toBeUndefined();
    expect(session.data.has(SESSION_ID_CARD_KEY)).toBe(false);
    const memory = core.service(ApplicationServiceId)!.memorySnapshot();
    expect(memory).toEqual({ runningSubmissions: [], acknowledgementWaiters: 0 });
    expect(JSON.stringify(memory)).not.toContain(applicant.name);
    // The redactor's per-session list was cleared with the session (it held the name to mask it).
    expect(core.log.redactor.redactString(applicant.name)).toBe(applicant.name);

    await kiosk.stop();
    kiosk = undefined;
    // After shutdown (WAL checkpointed into the main file) still nothing in clear anywhere.
    for (const secret of [applicant.name, applicant.idNumber, phone, reason]) expect(filesContaining(dataDir, secret)).toEqual([]);
    // …while the platform holds the full application.
    const event = (await platformEvents(platform)).find((e) => e.streamKey === result.caseNumber)!;
    expect(event.pii.answers).toMatchObject({ applicantName: applicant.name, applicantIdNumber: applicant.idNumber, applicantPhone: phone, reason });
  });

  it('ends a pending WaitAcknowledged when the session ends, with the honest current state', async () => {
    const dataDir = tempDir('kiosk-offline');
    kiosk = await startCore(dataDir);
    const { client } = kiosk;
    await sessionWithCard(client);
    const result = unwrap(await client.call('Application.Submit', criminalRecordSubmission()));
    const waiting = client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 60 });
    const applications = kiosk.core.service(ApplicationServiceId)!;
    const deadline = Date.now() + 5000;
    while (applications.memorySnapshot().acknowledgementWaiters === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(applications.memorySnapshot().acknowledgementWaiters).toBe(1);
    kiosk.core.context.sessions.end('exit');
    const answer = await waiting;
    // Either the router canceled the call with the session, or the wait returned `queued`: never acknowledged.
    if (answer.ok) expect(answer.value.syncState).toBe('queued');
    else expect(answer.error.code).toBe('canceled');
    expect(kiosk.core.service(ApplicationServiceId)!.memorySnapshot()).toEqual({ runningSubmissions: [], acknowledgementWaiters: 0 });
  });
});
