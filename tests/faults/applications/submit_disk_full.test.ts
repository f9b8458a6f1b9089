// The disk fills up during Application.Submit (SQLITE_FULL via PRAGMA max_page_count): the
// citizen gets a clear refusal, no case number is consumed, no application row or outbox job is
// left half-written, no receipt is printed; when space returns the same submission goes through
// and takes the first number of the day.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { parseCaseNumber } from '../../../src-main/core/applications/caseNumber';
import { criminalRecordSubmission, removeTempDirs, sessionWithCard, startCore, tempDir, type CoreUnderTest } from '../../integration/applications/applicationsHarness';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

let kiosk: CoreUnderTest | undefined;
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  removeTempDirs();
});

describe('disk full at submit', () => {
  it('refuses the application whole, then accepts it once space returns', async () => {
    kiosk = await startCore(tempDir('kiosk'));
    const { client, core } = kiosk;
    await sessionWithCard(client);
    const db = core.service(KioskDatabaseId)!;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);

    // A signature bigger than two free pages: the transaction cannot fit.
    const bulky = criminalRecordSubmission({ signature: { mimeType: 'image/png', base64: Buffer.alloc(60_000, 7).toString('base64') } });
    const refused = await client.call('Application.Submit', bulky);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toMatchObject({ code: 'hardwareError', errorCode: 'notRecorded' });
      expect(refused.error.description).toMatch(/^the application could not be recorded and was not submitted/);
      expect(refused.error.description).toMatch(/SQLITE_FULL/);
    }
    expect(db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'application.submitted'").pluck().get()).toBe(0);
    expect(core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!.receipts()).toHaveLength(0);
    expect(unwrap(await client.call('Application.SessionCases', {})).cases).toEqual([]);

    db.pragma('max_page_count = 1073741823');
    const accepted = unwrap(await client.call('Application.Submit', bulky));
    expect(parseCaseNumber(accepted.caseNumber)?.sequence).toBe(1);
    expect(accepted.receipt.outcome).toBe('printed');
    expect(db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(1);
  });
});
