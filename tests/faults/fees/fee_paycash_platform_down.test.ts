// Fault: the network is down. Cash keeps working for a case of this session: the payment is
// recorded with its outbox job and the receipt prints; the record reaches the platform when the
// network returns. A payment notice, which only the platform knows, is refused with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedCaseFees, NOTICE_120, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';
import { CashServiceId } from '../../../src-main/core/payments/CashService';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const CASE = 'TEST01-20261126-0031';

describe('Fee.PayCash with the platform down', () => {
  it('pays a session case offline and delivers the record later; a notice is refused', async () => {
    const caseFees = fixedCaseFees({ [CASE]: { feeFen: 1000, zh: '营业执照变更', en: 'Business licence change' } });
    rig = await startFeesRig({ caseFees });
    const r = rig;
    await r.stopPlatform();
    r.core.context.capabilities.setPlatformOnline(false);

    const notice = await r.client.call('Fee.PayCash', { payable: { kind: 'notice', noticeNumber: NOTICE_120 }, timeoutSeconds: 60 });
    expect(notice.completionCode).toBe('deviceNotReady');
    expect(notice.errorDescription).toMatch(/looked up online.*cash works offline only for cases of this session/);

    const run = r.client.start('Fee.PayCash', { payable: { kind: 'case', caseNumber: CASE }, timeoutSeconds: 60 });
    await until(() => r.core.service(CashServiceId)!.activeTransaction !== undefined, 5000, 'cash-in started');
    r.insertNote(1000);
    const done = await run.done;
    expect(done.payload).toMatchObject({ cash: { status: 'paid', paidFen: 1000 }, receipt: { outcome: 'printed' } });
    expect(caseFees.paidMarks).toEqual([CASE]);
    expect(r.kioskRows("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'payment.recorded' AND state != 'acked'")).toEqual([{ n: 1 }]);
    expect(r.receiptLines().at(-1)!.join('\n')).toMatch(/缴费凭证[\s\S]*受理编号.*TEST01-20261126-0031[\s\S]*现金/);

    await r.startPlatform();
    await r.client.call('Queue.Flush');
    await until(async () => (await r.platformEvents('payment.recorded')).length === 1, 10_000, 'record delivered');
    const settlements = (await r.admin('GET', '/admin/payments/settlements')).json.settlements;
    expect(settlements.filter((s: { payableKey: string }) => s.payableKey === `case:${CASE}`)).toEqual([expect.objectContaining({ method: 'cash', amountFen: 1000 })]);
  });
});
