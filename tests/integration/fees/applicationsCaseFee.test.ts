// A case fee through the real applications service: Fee.Lookup finds the case of this session
// (not another session's), Fee.PayCash records the payment, and the applications service's own
// paid mark is written in the same transaction (Application.SessionCases shows it paid).
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationStore } from '../../../src-main/core/applications/ApplicationStore';
import { startFeesRig, until, type FeesRig } from './support/feesHarness';
import { CashServiceId } from '../../../src-main/core/payments/CashService';
import { KioskDatabaseId, OutboxId } from '../../../src-main/core/storage/storageServices';
import { fen } from '../../../src-common/domain/money';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** Stands in for Application.Submit (which needs an ID card read): the row and its outbox job in one transaction. */
function submitted(r: FeesRig, caseNumber: string, sessionId: string, feeFen: number): void {
  const db = r.core.service(KioskDatabaseId)!;
  const outbox = r.core.service(OutboxId)!;
  const store = new ApplicationStore(db);
  db.transaction(() => {
    const job = outbox.enqueueInTransaction(db, { streamKey: `case:${caseNumber}`, kind: 'dev.synthetic', payload: { caseNumber } });
    store.insertInTransaction(caseNumber, { kioskCode: 'TEST01', day: '20261126', kind: 'item', targetId: 'residence-permit', name: { zh: '居住证办理', en: 'Residence permit' }, itemIds: ['residence-permit'], feeFen: fen(feeFen), idempotencyKey: `key-${caseNumber}`, sessionId, submittedAt: '2026-11-26T08:00:00.000Z', consentAt: '2026-11-26T07:59:00.000Z' }, job.jobId);
  })();
}

describe('case fees from the applications service', () => {
  it('pays a case of this session in cash and marks it paid in the applications record', async () => {
    rig = await startFeesRig({ applications: true });
    const r = rig;
    const sessionId = r.core.context.sessions.active!.info.sessionId;
    submitted(r, 'TEST01-20261126-0001', sessionId, 2000);
    submitted(r, 'TEST01-20261126-0002', 'another-session', 2000);
    const lookup = await r.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: 'TEST01-20261126-0001' } });
    expect(lookup.payload).toMatchObject({ amountFen: 2000, status: 'unpaid', itemName: { zh: '居住证办理' } });
    expect((await r.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: 'TEST01-20261126-0002' } })).completionCode).toBe('invalidData');

    const run = r.client.start('Fee.PayCash', { payable: { kind: 'case', caseNumber: 'TEST01-20261126-0001' }, timeoutSeconds: 60 });
    await until(() => r.core.service(CashServiceId)!.activeTransaction !== undefined, 5000, 'cash-in started');
    r.insertNote(2000);
    expect((await run.done).payload.cash.status).toBe('paid');
    const cases = await r.client.call('Application.SessionCases');
    expect(cases.payload.cases).toEqual([expect.objectContaining({ caseNumber: 'TEST01-20261126-0001', feeFen: 2000, paid: true })]);
    expect((await r.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: 'TEST01-20261126-0001' } })).payload.status).toBe('paid');
  });
});
