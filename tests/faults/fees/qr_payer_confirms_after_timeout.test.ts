// Fault: the payer confirms in their app only after the kiosk stopped waiting. The kiosk reverses
// (撤销) the order at its timeout, so the late confirmation is refused: the platform shows the
// order reversed, not paid, and nothing is recorded or printed as paid.
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, NOTICE_50, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('payer confirms after the kiosk timed out', () => {
  it('reverses on timeout; the late confirmation is refused and the order stays reversed', async () => {
    rig = await startFeesRig();
    const r = rig;
    const payable = { kind: 'notice', noticeNumber: NOTICE_50 };
    const receiptsBefore = r.receiptLines().length;
    const started = Date.now();
    const run = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 10 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    await r.scan(CODES.timeout); // …93: USERPAYING, the payer never confirms in time
    await until(() => run.events.some((e) => e.event === 'userPaying'), 5000, 'userPaying');
    const { orderId } = run.events.find((e) => e.event === 'userPaying')!.payload;
    const done = await run.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    expect(done.payload).toMatchObject({ orderId, status: 'reversed', amountFen: 5000, receipt: { outcome: 'notAttempted' } });
    expect(done.payload.reason).toMatch(/did not confirm in time; reversed/);
    const view = (await r.admin('GET', `/admin/payments/orders/${orderId}`)).json;
    expect(view.order.status).toBe('reversed');
    // The kiosk kept polling while USERPAYING before it gave up.
    expect(view.counters.queries).toBeGreaterThan(3);

    // Now the payer confirms in their app: refused, nothing charged.
    const late = await r.admin('POST', `/admin/payments/${orderId}/pay`);
    expect(late.status).toBe(409);
    expect(late.json.message).toMatch(/reversed/);
    const after = (await r.admin('GET', `/admin/payments/orders/${orderId}`)).json;
    expect(after.order.status).toBe('reversed');
    expect(after.settlements).toEqual([]);
    expect((await r.admin('GET', `/admin/payments/notices/${NOTICE_50}`)).json.notice.status).toBe('unpaid');
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    expect(r.kioskRows('SELECT state FROM qr_orders WHERE order_id = ?', orderId)).toEqual([{ state: 'reversed' }]);
    expect(r.receiptLines().length).toBe(receiptsBefore);
  });
});
