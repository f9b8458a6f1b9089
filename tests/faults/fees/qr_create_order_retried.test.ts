// Fault: create-order and micropay are retried (lost answers, double taps, a retry storm). The
// order id is the kiosk's, so every retry lands on the same order and the citizen is charged once.
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { unwrap } from '../../../src-common/result';
import { fen } from '../../../src-common/domain/money';
import { PaymentGatewayClient } from '../../../src-main/core/payments/qr/PaymentGatewayClient';
import { CODES, fixedCaseFees, NOTICE_50, startFeesRig, until, type FeesRig } from '../../integration/fees/support/feesHarness';
import { PlatformClientId } from '../../../src-main/core/sync/PlatformClient';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('retried create-order', () => {
  it('a storm of creates and micropays on one order id charges once', async () => {
    rig = await startFeesRig();
    const r = rig;
    const gateway = new PaymentGatewayClient(r.core.service(PlatformClientId)!);
    const request = { orderId: `QR${ulid()}`, payable: { kind: 'notice' as const, noticeNumber: NOTICE_50 }, mode: 'paymentCode' as const, amountFen: fen(5000), subject: '不动产登记费', ttlSeconds: 60 };
    const creates = await Promise.all(Array.from({ length: 25 }, () => gateway.createOrder(request)));
    expect(creates.every((c) => c.ok && c.value.orderId === request.orderId && c.value.status === 'created')).toBe(true);
    const pays = await Promise.all(Array.from({ length: 25 }, () => gateway.micropay(request.orderId, CODES.success)));
    expect(pays.every((p) => p.ok && p.value.status === 'paid')).toBe(true);
    const view = (await r.admin('GET', `/admin/payments/orders/${request.orderId}`)).json;
    expect(view.counters.micropays).toBe(25);
    expect(view.settlements).toHaveLength(1);
    // A retried create after payment answers "paid", not a new charge.
    expect(unwrap(await gateway.createOrder(request)).status).toBe('paid');
    // Any other order for the paid notice is refused before money moves.
    const other = await gateway.createOrder({ ...request, orderId: `QR${ulid()}` });
    expect(!other.ok && other.error.kind === 'http' && other.error.code).toBe('alreadyPaid');
  });

  it('the kiosk reuses its order id when the first create lost its answer, and the one payment is recorded once', async () => {
    const CASE = 'TEST01-20261126-0011';
    rig = await startFeesRig({ caseFees: fixedCaseFees({ [CASE]: { feeFen: 600, zh: '灵活就业登记', en: 'Flexible employment registration' } }) });
    const r = rig;
    const payable = { kind: 'case', caseNumber: CASE };
    // The platform processes the create but the answer never arrives (connection dropped).
    await r.setPlatformDown(true);
    const lost = await r.client.call('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 });
    expect(lost.completionCode).toBe('deviceNotReady');
    const orderId = r.kioskRows('SELECT order_id FROM qr_orders')[0].order_id as string;
    expect((await r.admin('GET', `/admin/payments/orders/${orderId}`)).json.order.status).toBe('created');
    await r.setPlatformDown(false);
    // Double tap: two attempts at once; the second is refused while the first runs.
    const first = r.client.start('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 });
    const second = await r.client.call('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 });
    expect(second.completionCode).toBe('sequenceError');
    await until(() => first.events.some((e) => e.event === 'orderCreated'), 5000, 'orderCreated');
    expect(first.events[0]!.payload.orderId).toBe(orderId);
    await r.admin('POST', `/admin/payments/${orderId}/pay`);
    // The wallet app retrying its confirmation cannot pay twice.
    expect((await r.admin('POST', `/admin/payments/${orderId}/pay`)).status).toBe(409);
    expect((await first.done).payload).toMatchObject({ orderId, status: 'paid' });
    expect(r.kioskRows('SELECT COUNT(*) AS n FROM qr_orders')).toEqual([{ n: 1 }]);
    expect(r.kioskRows('SELECT payment_id FROM payment_records')).toEqual([{ payment_id: orderId }]);
    await r.client.call('Queue.Flush');
    expect((await r.platformEvents('payment.recorded'))).toHaveLength(1);
    const settlements = (await r.admin('GET', '/admin/payments/settlements')).json.settlements.filter((s: { payableKey: string }) => s.payableKey === `case:${CASE}`);
    expect(settlements).toHaveLength(1);
  });
});
