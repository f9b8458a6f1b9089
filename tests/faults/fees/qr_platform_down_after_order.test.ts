// Fault: the platform stops answering after the QR order exists. The kiosk never shows "paid"
// without the platform's word: the outcome is `unknown` with a claim record queued in the same
// transaction, and the reconciler settles the order with the platform when it is back.
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, NOTICE_50, NOTICE_120, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** Payment-domain outbox jobs not yet acknowledged by the platform (pending, or in a push whose answer is lost). */
function unsentPaymentJobs(r: FeesRig): string[] {
  return r.kioskRows("SELECT kind FROM outbox_jobs WHERE (kind LIKE 'claim.qr%' OR kind LIKE 'payment.%') AND state IN ('pending', 'inFlight') ORDER BY id").map((row) => row.kind as string);
}

describe('platform down after the QR order was created', () => {
  it('displayed QR paid in the app while the kiosk hears nothing: unknown + claim, reconciled to paid when the platform answers', async () => {
    rig = await startFeesRig();
    const r = rig;
    const run = r.client.start('Qr.PayByDisplayedCode', { payable: { kind: 'notice', noticeNumber: NOTICE_120 }, timeoutSeconds: 10 });
    await until(() => run.events.some((e) => e.event === 'orderCreated'), 5000, 'orderCreated');
    const { orderId } = run.events[0]!.payload;
    // Every kiosk request from now on loses its answer; the citizen pays in their app meanwhile.
    await r.setPlatformDown(true);
    expect((await r.admin('POST', `/admin/payments/${orderId}/pay`)).status).toBe(200);
    const done = await run.done;
    expect(done.completionCode).toBe('success');
    expect(done.payload).toMatchObject({ orderId, status: 'unknown', amountFen: 12000, receipt: { outcome: 'printed' } });
    expect(done.payload.reason).toMatch(/claim CLM[0-9A-Z]{26} queued/);
    // The citizen keeps a claim receipt naming the claim and the order; nothing says "paid".
    const claimPaper = r.receiptLines().at(-1)!.join('\n');
    expect(claimPaper).toContain('支付结果待确认凭证');
    expect(claimPaper).toContain(orderId);
    expect(claimPaper).toMatch(/120\.00元/);
    expect(claimPaper).not.toContain('缴费凭证');
    // Nothing is marked paid without the platform's answer; the claim is queued.
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    const order = r.kioskRows('SELECT state, claim_id FROM qr_orders WHERE order_id = ?', orderId)[0];
    expect(order.state).toBe('unknown');
    expect(done.payload.reason).toContain(order.claim_id);
    expect(claimPaper).toContain(order.claim_id);
    expect(unsentPaymentJobs(r)).toEqual(['claim.qrPaymentUnknown']);
    // Still unreachable: a reconcile pass leaves it unknown.
    expect(await r.core.service(QrReconcilerId)!.reconcileNow()).toEqual({ resolved: [], pending: 1 });

    await r.setPlatformDown(false);
    expect(await r.core.service(QrReconcilerId)!.reconcileNow()).toEqual({ resolved: [{ orderId, state: 'paid' }], pending: 0 });
    expect(r.kioskRows('SELECT payment_id, method, amount_fen FROM payment_records')).toEqual([{ payment_id: orderId, method: 'qr', amount_fen: 12000 }]);
    expect((await r.client.call('Queue.Flush')).payload.outcome).toBe('drained');
    expect((await r.platformEvents('claim.qrPaymentUnknown')).map((e) => e.payload.orderId)).toEqual([orderId]);
    expect((await r.platformEvents('payment.qrReconciled')).map((e) => e.payload)).toEqual([{ orderId, claimId: order.claim_id, resolution: 'paid' }]);
    expect((await r.platformEvents('payment.recorded'))).toHaveLength(1);
    const notice = (await r.admin('GET', `/admin/payments/notices/${NOTICE_120}`)).json;
    expect(notice.notice.status).toBe('paid');
    expect(notice.settlements).toHaveLength(1);
  });

  it('payment code sent while the platform is gone: unknown + claim, reconciled by reversing the order when it returns', async () => {
    rig = await startFeesRig();
    const r = rig;
    const payable = { kind: 'notice', noticeNumber: NOTICE_50 };
    const run = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 10 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    const orderId = r.kioskRows('SELECT order_id FROM qr_orders')[0].order_id as string;
    await r.stopPlatform();
    await r.scan(CODES.success);
    const done = await run.done;
    expect(done.payload).toMatchObject({ orderId, status: 'unknown', receipt: { outcome: 'printed' } });
    expect(done.payload.reason).toMatch(/micropay outcome unknown: platform unreachable/);
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    expect(unsentPaymentJobs(r)).toEqual(['claim.qrPaymentUnknown']);

    await r.startPlatform();
    const report = await r.core.service(QrReconcilerId)!.reconcileNow();
    expect(report).toEqual({ resolved: [{ orderId, state: 'reversed' }], pending: 0 });
    // The platform never took the money, and the order can no longer be paid.
    const view = (await r.admin('GET', `/admin/payments/orders/${orderId}`)).json;
    expect(view.order.status).toBe('reversed');
    expect(view.counters.micropays).toBe(0);
    expect((await r.admin('POST', `/admin/payments/${orderId}/pay`)).status).toBe(409);
    expect((await r.client.call('Fee.Lookup', { payable })).payload.status).toBe('unpaid');
    await r.client.call('Queue.Flush');
    expect((await r.platformEvents('payment.qrReconciled')).map((e) => e.payload.resolution)).toEqual(['reversed']);

    // The citizen tries again: a fresh order (the reversed one is final) and it pays.
    const again = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 10 });
    await until(() => again.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode again');
    await r.scan(CODES.success);
    const paid = await again.done;
    expect(paid.payload.status).toBe('paid');
    expect(paid.payload.orderId).not.toBe(orderId);
  });
});
