// Fault-ish path: the wallet answers USERPAYING (the payer must enter a password in their app).
// The kiosk tells the screen, polls the same order, and records the payment once it is confirmed.
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, NOTICE_120, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('user paying, then success', () => {
  it('polls while USERPAYING and records the payment when the platform confirms', async () => {
    rig = await startFeesRig();
    const r = rig;
    const run = r.client.start('Qr.PayByPaymentCode', { payable: { kind: 'notice', noticeNumber: NOTICE_120 }, timeoutSeconds: 30 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    await r.scan(CODES.userPayingThenSuccess); // …91
    const done = await run.done;
    expect(run.events.map((e) => e.event)).toEqual(['waitingForCode', 'codeScanned', 'userPaying']);
    const orderId = run.events[2]!.payload.orderId;
    expect(done.payload).toMatchObject({ orderId, status: 'paid', amountFen: 12000, channel: 'wechatPay', receipt: { outcome: 'printed' } });
    expect(done.payload.paidAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const view = (await r.admin('GET', `/admin/payments/orders/${orderId}`)).json;
    expect(view.order.status).toBe('paid');
    expect(view.counters).toEqual({ micropays: 1, queries: 2 });
    expect(r.kioskRows('SELECT payment_id, amount_fen FROM payment_records')).toEqual([{ payment_id: orderId, amount_fen: 12000 }]);
    expect(r.receiptLines().at(-1)!.join('\n')).toMatch(/缴费凭证[\s\S]*出入境证件工本费[\s\S]*120\.00元/);
  });
});
