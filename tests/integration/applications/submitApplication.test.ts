// Application.Submit end to end through the core's API: card read through the simulator, case
// number, acceptance receipt decoded in the printer simulator, the platform acknowledging the
// case, bundles arriving once with every field, idempotent resubmits and the refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { maskIdNumber, maskName } from '../../../src-common/privacy/redact';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import {
  TINY_PNG,
  criminalRecordSubmission,
  newKey,
  platformEvents,
  provisionDataDir,
  sessionWithCard,
  startCore,
  startPlatform,
  tempDir,
  removeTempDirs,
  type CoreUnderTest,
} from './applicationsHarness';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';

let platform: PlatformServer | undefined;
let kiosk: CoreUnderTest | undefined;
let dataDir: string;

beforeEach(async () => {
  platform = await startPlatform(tempDir('platform'));
  dataDir = tempDir('kiosk');
  await provisionDataDir(dataDir, platform);
  kiosk = await startCore(dataDir);
});

afterEach(async () => {
  await kiosk?.stop();
  await platform?.close();
  kiosk = undefined;
  platform = undefined;
  removeTempDirs();
});

function beijingToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).replace(/-/g, '');
}

describe('Application.Submit with an item', () => {
  it('numbers the case, prints the acceptance receipt with the QR and is acknowledged by the platform', async () => {
    const { client, core } = kiosk!;
    const applicant = await sessionWithCard(client);
    const result = unwrap(await client.call('Application.Submit', criminalRecordSubmission()));

    expect(result.caseNumber).toBe(`TEST01-${beijingToday()}-0001`);
    expect(result.itemIds).toEqual(['no-criminal-record-certificate']);
    expect(result.feeFen).toBe(0);
    expect(result.receipt).toEqual({ outcome: 'printed' });
    expect(['queued', 'acknowledged']).toContain(result.syncState);

    // The receipt as the printer decoded it: case number, masked applicant, the QR, the caption.
    const receipts = core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!.receipts();
    expect(receipts).toHaveLength(1);
    const text = receipts[0]!.flatMap((e) => (e.kind === 'text' ? [e.text] : [])).join('\n');
    const qr = receipts[0]!.flatMap((e) => (e.kind === 'qr' ? [e.data] : []));
    expect(text).toContain('受理回执');
    expect(text).toContain(result.caseNumber);
    expect(text).toContain('无犯罪记录证明');
    expect(text).toContain(maskName(applicant.name));
    expect(text).toContain(maskIdNumber(applicant.idNumber));
    expect(text).toContain('TEST01');
    expect(text).toContain('凭此回执查询办理进度');
    expect(text).not.toContain(applicant.name);
    expect(text).not.toContain(applicant.idNumber);
    expect(qr).toEqual([result.caseNumber]);

    const acknowledged = unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 15 }));
    expect(acknowledged).toEqual({ caseNumber: result.caseNumber, syncState: 'acknowledged' });
    // Acknowledged means the platform holds it: it is there, once, with the identity from the card.
    const events = (await platformEvents(platform!)).filter((e) => e.streamKey === result.caseNumber);
    expect(events).toHaveLength(1);
    expect(events[0]!.kind).toBe('application.submitted');
    expect(events[0]!.pii.applicant).toMatchObject({ name: applicant.name, idNumber: applicant.idNumber });
    expect(events[0]!.pii.answers).toEqual({ applicantName: applicant.name, applicantIdNumber: applicant.idNumber, applicantPhone: '13800138000', reason: '入职单位要求开具证明' });
    expect(events[0]!.pii.signature).toEqual({ mimeType: 'image/png', base64: TINY_PNG });

    const cases = unwrap(await client.call('Application.SessionCases', {}));
    expect(cases.cases).toEqual([{ caseNumber: result.caseNumber, name: { zh: '无犯罪记录证明开具', en: expect.any(String) }, feeFen: 0, paid: false, syncState: 'acknowledged' }]);
  });

  it('takes identity fields from the card, never from the answers the renderer sent', async () => {
    const { client } = kiosk!;
    const applicant = await sessionWithCard(client);
    const forged = criminalRecordSubmission({ answers: { applicantName: '李四', applicantIdNumber: '11010519491231002X', applicantPhone: '13800138000', reason: '入职单位要求开具证明' } });
    const result = unwrap(await client.call('Application.Submit', forged));
    unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 15 }));
    const event = (await platformEvents(platform!)).find((e) => e.streamKey === result.caseNumber)!;
    expect(event.pii.answers.applicantName).toBe(applicant.name);
    expect(event.pii.answers.applicantIdNumber).toBe(applicant.idNumber);
    expect(JSON.stringify(event)).not.toContain('李四');
  });

  it('returns the first result for a repeated idempotency key without a second case', async () => {
    const { client, core } = kiosk!;
    await sessionWithCard(client);
    const input = criminalRecordSubmission();
    // A double tap: both calls in flight at once, then a retry after the first answered.
    const [first, second] = await Promise.all([client.call('Application.Submit', input), client.call('Application.Submit', input)]);
    const third = await client.call('Application.Submit', input);
    expect(unwrap(first).caseNumber).toBe(unwrap(second).caseNumber);
    expect(unwrap(third).caseNumber).toBe(unwrap(first).caseNumber);
    expect(unwrap(third).receipt).toEqual({ outcome: 'printed' });
    const db = core.service(KioskDatabaseId)!;
    expect(db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'application.submitted'").pluck().get()).toBe(1);
    expect(core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!.receipts()).toHaveLength(1);
  });

  it('refuses without a card read in the session, and refuses a card whose check digit fails', async () => {
    const { client, core } = kiosk!;
    unwrap(await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    const noCard = await client.call('Application.Submit', criminalRecordSubmission());
    expect(noCard.ok).toBe(false);
    if (!noCard.ok) {
      expect(noCard.error.code).toBe('sequenceError');
      expect(noCard.error.description).toMatch(/ID card read in this session/);
    }
    unwrap(await client.call('Session.End', { reason: 'completed' }));

    await sessionWithCard(client, 'resident-bad-check');
    const badCard = await client.call('Application.Submit', criminalRecordSubmission());
    expect(badCard.ok).toBe(false);
    if (!badCard.ok) expect(badCard.error).toMatchObject({ code: 'userError', errorCode: 'checkDigitInvalid' });
    expect(core.service(KioskDatabaseId)!.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(0);
  });

  it('refuses invalid answers and missing materials with their error codes and a description that names what to fix', async () => {
    const { client, core } = kiosk!;
    await sessionWithCard(client);
    const badPhone = await client.call('Application.Submit', criminalRecordSubmission({ answers: { applicantPhone: '12345', reason: '入职单位要求开具证明' } }));
    expect(badPhone.ok).toBe(false);
    if (!badPhone.ok) {
      expect(badPhone.error).toMatchObject({ code: 'userError', errorCode: 'answersInvalid', params: { problems: 1 } });
      expect(badPhone.error.description).toContain('applicantPhone');
    }
    // residence-permit wants a residence proof at level C: a photo or the original at a window, not a pledge.
    const residence = {
      kind: 'item' as const,
      id: 'residence-permit',
      answers: { applicantPhone: '13800138000', residenceAddress: '湖北省黄石市下陆区示例大道1号' },
      signature: { mimeType: 'image/png' as const, base64: TINY_PNG },
      consentAt: new Date().toISOString(),
    };
    const missing = await client.call('Application.Submit', { ...residence, materials: [], idempotencyKey: newKey() });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error).toMatchObject({ code: 'userError', errorCode: 'materialsMissing' });
      expect(missing.error.description).toMatch(/Please provide ".*"/);
    }
    const pledged = await client.call('Application.Submit', {
      ...residence,
      materials: [{ materialId: 'residence-proof', reuseKey: 'material.residenceProof', mode: 'pledge', trustLevel: 'D', images: [] }],
      idempotencyKey: newKey(),
    });
    expect(pledged.ok).toBe(false);
    // Consent given before this session started is not this citizen's consent.
    const staleConsent = await client.call('Application.Submit', criminalRecordSubmission({ consentAt: '2026-01-01T00:00:00.000Z' }));
    expect(staleConsent.ok).toBe(false);
    if (!staleConsent.ok) expect(staleConsent.error).toMatchObject({ code: 'invalidData', errorCode: 'malformedInput' });
    const notBase64 = await client.call('Application.Submit', criminalRecordSubmission({ signature: { mimeType: 'image/png', base64: '<script>alert(1)</script>' } }));
    expect(notBase64.ok).toBe(false);
    if (!notBase64.ok) expect(notBase64.error).toMatchObject({ code: 'invalidData', errorCode: 'malformedInput' });
    expect(core.service(KioskDatabaseId)!.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(0);
  });

  it('keeps the application when the receipt cannot print, and says so', async () => {
    const { client, core } = kiosk!;
    await sessionWithCard(client);
    const simulator = core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!;
    simulator.setFault('paperOut', true);
    const result = unwrap(await client.call('Application.Submit', criminalRecordSubmission()));
    expect(result.receipt.outcome).not.toBe('printed');
    expect(result.receipt.reason).toBeTruthy();
    expect(core.service(KioskDatabaseId)!.prepare('SELECT receipt_outcome FROM applications WHERE case_number = ?').pluck().get(result.caseNumber)).toBe(result.receipt.outcome);
    const acknowledged = unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 15 }));
    expect(acknowledged.syncState).toBe('acknowledged');
  });
});

describe('Application.Submit with a bundle', () => {
  it('sends one record with every item and every field, received exactly once by the platform', async () => {
    const { client } = kiosk!;
    const applicant = await sessionWithCard(client);
    const detail = unwrap(await client.call('Catalog.Bundle', { id: 'bundle-property-transfer' }));
    const typed: Record<string, string> = {
      applicantPhone: '13900001111',
      propertyCertificateNumber: '鄂(2026)黄石市不动产权第0001234号',
      propertyAddress: '湖北省黄石市下陆区示例大道100号1栋101室',
      applicantRole: 'seller', counterpartyName: '示例买方', counterpartyIdNumber: '11010519491231002X', counterpartyPhone: '13900139000',
      transactionPrice: '880000',
      waterAccountNumber: '12345678',
      powerAccountNumber: '87654321',
      gasAccountNumber: '11223344',
    };
    const answers: Record<string, string> = {};
    for (const field of detail.form.fields) if (!field.source) answers[field.mergedKey] = typed[field.key]!;
    const utilityBill = detail.materials.find((m) => m.trustLevel === 'C')!;
    const result = unwrap(
      await client.call('Application.Submit', {
        kind: 'bundle',
        id: 'bundle-property-transfer',
        answers,
        materials: [{ materialId: utilityBill.id, reuseKey: utilityBill.reuseKey, mode: 'photo', trustLevel: 'C', images: [{ mimeType: 'image/png', base64: TINY_PNG }] }],
        signature: { mimeType: 'image/png', base64: TINY_PNG },
        consentAt: new Date().toISOString(),
        idempotencyKey: newKey(),
      }),
    );
    expect(result.itemIds).toEqual(detail.bundle.items);
    expect(result.feeFen).toBe(detail.totalFeeFen);
    expect(unwrap(await client.call('Application.WaitAcknowledged', { caseNumber: result.caseNumber, timeoutSeconds: 15 })).syncState).toBe('acknowledged');

    const events = (await platformEvents(platform!)).filter((e) => e.kind === 'application.submitted');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.streamKey).toBe(result.caseNumber);
    // Every merged field exactly once, with its value; every item, each field key of each item pointing at one answer.
    expect(Object.keys(event!.pii.answers).sort()).toEqual(detail.form.fields.map((f) => f.mergedKey).sort());
    for (const field of detail.form.fields) {
      const expected = field.source === 'idCard.name' ? applicant.name : field.source === 'idCard.idNumber' ? applicant.idNumber : typed[field.key];
      expect(event!.pii.answers[field.mergedKey]).toBe(expected);
    }
    expect(event!.payload.items.map((i) => i.itemId)).toEqual(detail.bundle.items);
    for (const item of detail.items) {
      const sent = event!.payload.items.find((i) => i.itemId === item.id)!;
      expect(sent.fields.map((f) => f.fieldKey).sort()).toEqual(item.form.fields.map((f) => f.key).sort());
    }
    expect(event!.payload.materials).toEqual([expect.objectContaining({ materialId: utilityBill.id, mode: 'photo', heldLevel: 'C', imageCount: 1 })]);
    expect(event!.pii.materialImages).toEqual([{ materialId: utilityBill.id, images: [{ mimeType: 'image/png', base64: TINY_PNG }] }]);
  });
});
