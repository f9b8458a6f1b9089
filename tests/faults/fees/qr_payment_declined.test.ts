// Fault: the payer's channel declines the payment code (insufficient balance). Nothing is recorded
// or printed as paid; the order is final, so the citizen's next try gets a new order id.
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, NOTICE_50, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('payment declined', () => {
  it('reports failed with the reason, records nothing, and a new code pays with a new order', async () => {
    rig = await startFeesRig();
    const r = rig;
    const payable = { kind: 'notice', noticeNumber: NOTICE_50 };
    const receiptsBefore = r.receiptLines().length;
    const run = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 30 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    await r.scan(CODES.failure); // …92, an Alipay-format code
    const done = await run.done;
    expect(done.completionCode).toBe('success');
    expect(done.payload).toMatchObject({ status: 'failed', amountFen: 5000, channel: 'alipay', receipt: { outcome: 'notAttempted' } });
    expect(done.payload.reason).toMatch(/insufficient balance/);
    const failedId = done.payload.orderId;
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    expect(r.receiptLines().length).toBe(receiptsBefore);
    expect((await r.admin('GET', `/admin/payments/notices/${NOTICE_50}`)).json.notice.status).toBe('unpaid');

    const retry = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 30 });
    await until(() => retry.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode again');
    await r.scan(CODES.success);
    const paid = await retry.done;
    expect(paid.payload.status).toBe('paid');
    expect(paid.payload.orderId).not.toBe(failedId);
    expect(r.kioskRows('SELECT order_id, state FROM qr_orders ORDER BY created_at')).toEqual([
      { order_id: failedId, state: 'failed' },
      { order_id: paid.payload.orderId, state: 'paid' },
    ]);
  });
});
