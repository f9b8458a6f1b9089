// The event registry shared by kiosk and platform (src-common/wire/eventRegistry.ts): every kind
// the kiosk enqueues is registered, and a body is refused with a reason for an unknown kind, a
// payload or PII that fails its schema, PII on a kind that carries none, missing required PII,
// or something no store can keep (deep nesting, NUL, a lone surrogate).
import { describe, expect, it } from 'vitest';
import { checkEventBody, EVENT_KINDS, findUnstorable, MAX_EVENT_DEPTH } from '../../../src-common/wire/eventRegistry';
import { CASH_JOURNAL_ENTRY_KIND } from '../../../src-common/wire/cashJournalWire';
import { APP_UPDATE_RESULT_KIND } from '../../../src-common/wire/appUpdateEvents';
import { BUNDLE_RESULT_KIND, COMMAND_RESULT_KIND } from '../../../src-common/wire/fleetEvents';
import { CASH_COLLECTED_KIND, PAYMENT_RECORDED_KIND } from '../../../src-common/wire/paymentsWire';
import { CERTIFICATE_PRINTED_KIND } from '../../../src-common/wire/proofsWire';
import { TECHNICIAN_ACTION_KIND } from '../../../src-common/wire/technicianWire';
import { HELP_REQUESTED_KIND, STRUGGLE_COUNTS_KIND } from '../../../src-common/wire/helpWire';
import { APPLICATION_EVENT_KIND } from '../../../src-main/core/applications/applicationRecord';
import { QR_CLAIM_KIND, QR_RECONCILED_KIND } from '../../../src-main/core/payments/qr/qrSettlement';

describe('event registry', () => {
  it('registers every kind the kiosk enqueues', () => {
    const enqueued = [APPLICATION_EVENT_KIND, PAYMENT_RECORDED_KIND, QR_RECONCILED_KIND, QR_CLAIM_KIND, 'cash.claimCreated', CASH_COLLECTED_KIND, CASH_JOURNAL_ENTRY_KIND, CERTIFICATE_PRINTED_KIND, 'alert.raised', 'alert.cleared', BUNDLE_RESULT_KIND, COMMAND_RESULT_KIND, APP_UPDATE_RESULT_KIND, TECHNICIAN_ACTION_KIND, HELP_REQUESTED_KIND, STRUGGLE_COUNTS_KIND, 'dev.synthetic'];
    expect(Object.keys(EVENT_KINDS).sort()).toEqual([...enqueued].sort());
  });

  it('accepts valid bodies and names what is wrong with invalid ones', () => {
    expect(checkEventBody('certificate.printed', { certificateNumber: 'C-1', printJobId: 'J-1' }, undefined)).toBeUndefined();
    expect(checkEventBody('bogus.thing', {}, undefined)).toEqual({ kind: 'unknownKind', message: 'unknown event kind bogus.thing' });
    expect(checkEventBody('certificate.printed', { certificateNumber: 'C-1' }, undefined)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^certificate.printed payload: printJobId/) });
    expect(checkEventBody('certificate.printed', { certificateNumber: 'C-1', printJobId: 'J-1' }, { name: '张三' })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/carries no personal data/) });
    expect(checkEventBody('alert.raised', { code: 'paperLow', severity: 'warning', subject: 'receipt-1', deviceClass: 'receiptPrinter' }, undefined)).toBeUndefined();
    expect(checkEventBody('alert.raised', { code: 'paperLow', severity: 'loud', subject: 'receipt-1' }, undefined)).toMatchObject({ kind: 'invalid' });
  });

  it('requires the applicant of an application and refuses a malformed one', () => {
    const payload = {
      caseNumber: 'DEMO01-20261126-0001',
      kioskCode: 'DEMO01',
      kind: 'item',
      id: 'residence-permit',
      name: { zh: '居住证办理', en: 'Residence permit' },
      catalogVersion: 'c1',
      feeFen: 0,
      submittedAt: '2026-11-26T08:00:00.000Z',
      consentAt: '2026-11-26T07:59:00.000Z',
      identity: { source: 'idCard', cardType: 'resident', checkDigitValid: true, idNumberCheck: 'gb11643' },
      items: [{ itemId: 'residence-permit', name: { zh: '居住证办理', en: 'Residence permit' }, department: { zh: '公安', en: 'Police' }, feeFen: 0, fields: [] }],
      fields: [],
      materials: [],
    };
    const pii = { applicant: { cardType: 'resident', name: '张三', idNumber: '420202199001011234' }, answers: {}, materialImages: [], signature: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' } };
    expect(checkEventBody('application.submitted', payload, pii)).toBeUndefined();
    expect(checkEventBody('application.submitted', payload, undefined)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/must carry its personal data/) });
    expect(checkEventBody('application.submitted', payload, { ...pii, applicant: { cardType: 'resident' } })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/pii: applicant.name/) });
  });

  it('takes a declared applicant (补领: the card is what is replaced) and refuses an identity of no known source', () => {
    const payload = {
      caseNumber: 'DEMO01-20261126-0002',
      kioskCode: 'DEMO01',
      kind: 'item',
      id: 'id-card-reissue',
      name: { zh: '居民身份证补领', en: 'ID card replacement' },
      catalogVersion: 'c1',
      feeFen: 2000,
      submittedAt: '2026-11-26T08:00:00.000Z',
      consentAt: '2026-11-26T08:00:00.000Z',
      identity: { source: 'declared' },
      items: [{ itemId: 'id-card-reissue', name: { zh: '居民身份证补领', en: 'ID card replacement' }, feeFen: 2000, fields: [] }],
      fields: [],
      materials: [],
    };
    const pii = { applicant: { name: '王建国', idNumber: '420204198001010018' }, answers: {}, materialImages: [], signature: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' } };
    expect(checkEventBody('application.submitted', payload, pii)).toBeUndefined();
    expect(checkEventBody('application.submitted', { ...payload, identity: { source: 'guessed' } }, pii)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/payload: identity/) });
  });

  it('finds what no store can keep without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(findUnstorable(deep)).toBe(`nested deeper than ${MAX_EVENT_DEPTH} levels`);
    expect(checkEventBody('dev.synthetic', { deep }, undefined)).toMatchObject({ kind: 'unstorable' });
    expect(findUnstorable({ a: ['fine', 'text\u0000'] })).toMatch(/NUL/);
    expect(findUnstorable({ ['\udc00']: 1 })).toMatch(/a key contains/);
    expect(findUnstorable({ ok: '😀 中文' })).toBeUndefined();
  });
});
