// Fault: the citizen cancels a cash payment after a note was stacked. The cash service's refund
// claim is the whole story: exactly one claim, no payment record, no payment receipt.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedCaseFees, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';
import { CashServiceId } from '../../../src-main/core/payments/CashService';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const CASE = 'TEST01-20261126-0021';

describe('Fee.PayCash canceled with notes stacked', () => {
  it('leaves one refund claim from the cash service and records no payment', async () => {
    const caseFees = fixedCaseFees({ [CASE]: { feeFen: 3000, zh: '居住证办理', en: 'Residence permit' } });
    rig = await startFeesRig({ caseFees });
    const r = rig;
    const run = r.client.start('Fee.PayCash', { payable: { kind: 'case', caseNumber: CASE }, timeoutSeconds: 60 });
    await until(() => r.core.service(CashServiceId)!.activeTransaction !== undefined, 5000, 'cash-in started');
    r.insertNote(2000);
    await until(() => run.events.some((e) => e.event === 'noteStacked'), 10_000, 'note stacked');
    await r.client.cancel(run.requestId);
    const done = await run.done;
    expect(done.payload.cash).toMatchObject({ status: 'canceled', paidFen: 2000, claim: { kind: 'refund', amountFen: 2000 } });
    expect(done.payload.receipt.outcome).toBe('notAttempted');
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    expect(caseFees.paidMarks).toEqual([]);
    expect(r.kioskRows("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'cash.claimCreated'")).toEqual([{ n: 1 }]);
    expect(r.kioskRows("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind LIKE 'payment.%' OR kind LIKE 'claim.%'")).toEqual([{ n: 0 }]);
    // The refund claim receipt (printed by the cash service) is the citizen's last paper, not a payment receipt.
    await until(() => r.receiptLines().length > 0, 10_000, 'claim receipt printed');
    const last = r.receiptLines().at(-1)!.join('\n');
    expect(last).toContain('退款凭证');
    expect(last).not.toContain('缴费凭证');
    expect((await r.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: CASE } })).payload.status).toBe('unpaid');
  });
});
