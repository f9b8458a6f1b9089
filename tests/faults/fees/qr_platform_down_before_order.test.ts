// Fault: the platform is unreachable when a QR payment starts. Both flows are refused before any
// money can move (no order reaches the platform, no code is asked for), and the retry after the
// platform returns reuses the same order id.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedCaseFees, NOTICE_50, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const CASE = 'TEST01-20261126-0007';

describe('platform down before the QR order is created', () => {
  it('a notice cannot even be resolved offline: refused before any order exists', async () => {
    rig = await startFeesRig();
    await rig.stopPlatform();
    const refused = await rig.client.call('Qr.PayByDisplayedCode', { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 30 });
    expect(refused.completionCode).toBe('deviceNotReady');
    expect(refused.errorDescription).toMatch(/looked up online/);
    expect(rig.kioskRows('SELECT * FROM qr_orders')).toEqual([]);
    await rig.startPlatform();
  });

  it('a case: create-order unreachable → refused, "nothing was charged"; the retry reuses the order id and pays once', async () => {
    rig = await startFeesRig({ caseFees: fixedCaseFees({ [CASE]: { feeFen: 1200, zh: '营业执照变更', en: 'Business licence change' } }) });
    const r = rig;
    const payable = { kind: 'case', caseNumber: CASE };
    await r.stopPlatform();
    const displayed = r.client.start('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 });
    const refused = await displayed.done;
    expect(refused.completionCode).toBe('deviceNotReady');
    expect(refused.errorDescription).toMatch(/platform unreachable.*no order was created and nothing was charged/);
    expect(displayed.events).toEqual([]);
    const byCode = r.client.start('Qr.PayByPaymentCode', { payable, timeoutSeconds: 30 });
    expect((await byCode.done).completionCode).toBe('deviceNotReady');
    // No waitingForCode: the citizen is never asked for a code the kiosk could not use.
    expect(byCode.events).toEqual([]);
    const local = r.kioskRows("SELECT order_id, state FROM qr_orders WHERE mode = 'displayedCode'");
    expect(local).toEqual([{ order_id: expect.stringMatching(/^QR/), state: 'creating' }]);
    const firstOrderId = local[0].order_id as string;
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);

    await r.startPlatform();
    expect((await r.admin('GET', `/admin/payments/orders/${firstOrderId}`)).status).toBe(404);
    const retry = r.client.start('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 });
    await until(() => retry.events.some((e) => e.event === 'orderCreated'), 5000, 'orderCreated');
    expect(retry.events[0]!.payload.orderId).toBe(firstOrderId);
    await r.admin('POST', `/admin/payments/${firstOrderId}/pay`);
    expect((await retry.done).payload).toMatchObject({ orderId: firstOrderId, status: 'paid', amountFen: 1200 });
    expect(r.kioskRows("SELECT COUNT(*) AS n FROM qr_orders WHERE mode = 'displayedCode'")).toEqual([{ n: 1 }]);
    const settled = (await r.admin('GET', '/admin/payments/settlements')).json.settlements;
    expect(settled.filter((s: { payableKey: string }) => s.payableKey === `case:${CASE}`)).toHaveLength(1);
  });
});
