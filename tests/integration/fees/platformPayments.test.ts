// The reference platform's payment endpoints over real HTTP with signed kiosk requests: seeded
// notices, idempotent order creation, micropay outcomes chosen by the code's last digits or the
// admin switch, reverse/close, the admin "payer confirms" call, and settlements of notices.
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { unwrap } from '../../../src-common/result';
import type { CreateOrderRequest } from '../../../src-common/wire/paymentsWire';
import { PaymentGatewayClient } from '../../../src-main/core/payments/qr/PaymentGatewayClient';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, startPlatform, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';
import { CODES, NOTICE_120, NOTICE_50, NOTICE_PAID, type Json } from './support/feesHarness';
import { fen } from '../../../src-common/domain/money';

let platform: PlatformServer | undefined;
let kiosk: KioskUnderTest | undefined;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
  kiosk = undefined;
  platform = undefined;
});

async function setup(): Promise<{ gateway: PaymentGatewayClient; admin: (method: string, p: string, body?: unknown) => Promise<{ status: number; json: Json }> }> {
  platform = await startPlatform(tempDir('pay-platform'));
  kiosk = openKiosk(tempDir('pay-kiosk'));
  await provision(kiosk, platform);
  const client = kiosk.client;
  const url = platform.url;
  return {
    gateway: new PaymentGatewayClient(client),
    admin: async (method, p, body) => {
      const res = await fetch(url + p, { method, headers: { authorization: 'Bearer test-admin-token', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, json: await res.json() };
    },
  };
}

const order = (over: Partial<CreateOrderRequest> = {}): CreateOrderRequest => ({
  orderId: `QR${ulid()}`,
  payable: { kind: 'notice', noticeNumber: NOTICE_50 },
  mode: 'paymentCode',
  amountFen: fen(5000),
  subject: '不动产登记费',
  ttlSeconds: 60,
  ...over,
});

describe('platform payment endpoints', () => {
  it('serves the seeded notices: 50.00 and 120.00 unpaid, one paid; unknown numbers are 404', async () => {
    const { gateway } = await setup();
    expect(unwrap(await gateway.notice(NOTICE_50))).toMatchObject({ amountFen: 5000, status: 'unpaid', payerMasked: '王**' });
    expect(unwrap(await gateway.notice(NOTICE_120))).toMatchObject({ amountFen: 12000, status: 'unpaid' });
    expect(unwrap(await gateway.notice(NOTICE_PAID))).toMatchObject({ status: 'paid' });
    const missing = await gateway.notice('99999999999999999999');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ kind: 'http', status: 404 });
  });

  it('creates an order once per order id, refuses a changed amount, a wrong amount and a paid notice', async () => {
    const { gateway } = await setup();
    const request = order({ mode: 'displayedCode' });
    const first = unwrap(await gateway.createOrder(request));
    expect(first).toMatchObject({ orderId: request.orderId, status: 'created', amountFen: 5000 });
    expect(first.qrContent).toContain(request.orderId);
    const again = unwrap(await gateway.createOrder(request));
    expect(again).toEqual(first);
    const changed = await gateway.createOrder({ ...request, amountFen: fen(4000) });
    expect(!changed.ok && changed.error.kind === 'http' && changed.error.code).toBe('orderConflict');
    const wrongAmount = await gateway.createOrder(order({ amountFen: fen(100) }));
    expect(!wrongAmount.ok && wrongAmount.error.kind === 'http' && wrongAmount.error.code).toBe('amountMismatch');
    const paid = await gateway.createOrder(order({ payable: { kind: 'notice', noticeNumber: NOTICE_PAID }, amountFen: fen(1000) }));
    expect(!paid.ok && paid.error.kind === 'http' && paid.error.code).toBe('alreadyPaid');
  });

  it('micropay outcomes follow the code: success settles the notice once; a repeated micropay never charges again', async () => {
    const { gateway, admin } = await setup();
    const request = order();
    unwrap(await gateway.createOrder(request));
    const paid = unwrap(await gateway.micropay(request.orderId, CODES.success));
    expect(paid).toMatchObject({ status: 'paid', channel: 'wechatPay' });
    const repeat = unwrap(await gateway.micropay(request.orderId, CODES.success));
    expect(repeat.status).toBe('paid');
    expect(unwrap(await gateway.notice(NOTICE_50)).status).toBe('paid');
    const view = await admin('GET', `/admin/payments/orders/${request.orderId}`);
    expect(view.json.counters.micropays).toBe(2);
    expect(view.json.settlements.filter((s: { reversedAt: string | null }) => s.reversedAt === null)).toHaveLength(1);
    // A second order for the now-paid notice is refused before any charge.
    const second = await gateway.createOrder(order());
    expect(!second.ok && second.error.kind === 'http' && second.error.code).toBe('alreadyPaid');
  });

  it('user-paying confirms after queries, failure declines, timeout stays user-paying until reversed', async () => {
    const { gateway, admin } = await setup();
    const slow = order({ payable: { kind: 'case', caseNumber: 'TEST01-20261126-0001' }, amountFen: fen(800) });
    unwrap(await gateway.createOrder(slow));
    expect(unwrap(await gateway.micropay(slow.orderId, CODES.userPayingThenSuccess)).status).toBe('userPaying');
    expect(unwrap(await gateway.queryOrder(slow.orderId)).status).toBe('userPaying');
    expect(unwrap(await gateway.queryOrder(slow.orderId))).toMatchObject({ status: 'paid', channel: 'wechatPay' });

    const declined = order({ payable: { kind: 'case', caseNumber: 'TEST01-20261126-0002' }, amountFen: fen(800) });
    unwrap(await gateway.createOrder(declined));
    expect(unwrap(await gateway.micropay(declined.orderId, CODES.failure))).toMatchObject({ status: 'failed', channel: 'alipay' });

    const never = order({ payable: { kind: 'case', caseNumber: 'TEST01-20261126-0003' }, amountFen: fen(800) });
    unwrap(await gateway.createOrder(never));
    expect(unwrap(await gateway.micropay(never.orderId, CODES.timeout)).status).toBe('userPaying');
    for (let i = 0; i < 4; i++) expect(unwrap(await gateway.queryOrder(never.orderId)).status).toBe('userPaying');
    expect(unwrap(await gateway.reverseOrder(never.orderId)).status).toBe('reversed');
    const late = await admin('POST', `/admin/payments/${never.orderId}/pay`, {});
    expect(late.status).toBe(409);
    expect(unwrap(await gateway.queryOrder(never.orderId)).status).toBe('reversed');

    // The admin switch overrides the code's digits.
    expect((await admin('POST', '/admin/payments/gateway', { mode: 'failure' })).json).toEqual({ mode: 'failure' });
    const forced = order({ payable: { kind: 'case', caseNumber: 'TEST01-20261126-0004' }, amountFen: fen(800) });
    unwrap(await gateway.createOrder(forced));
    expect(unwrap(await gateway.micropay(forced.orderId, CODES.success)).status).toBe('failed');
  });

  it('a displayed QR is paid by the admin call, closes unpaid, and expires', async () => {
    const { gateway, admin } = await setup();
    const shown = order({ mode: 'displayedCode', payable: { kind: 'notice', noticeNumber: NOTICE_120 }, amountFen: fen(12000) });
    unwrap(await gateway.createOrder(shown));
    expect((await admin('POST', `/admin/payments/${shown.orderId}/scan`)).json.status).toBe('userPaying');
    expect((await admin('POST', `/admin/payments/${shown.orderId}/pay`, { channel: 'alipay' })).json).toMatchObject({ status: 'paid', channel: 'alipay' });
    expect(unwrap(await gateway.closeOrder(shown.orderId)).status).toBe('paid');

    const closed = order({ mode: 'displayedCode', payable: { kind: 'case', caseNumber: 'TEST01-20261126-0009' }, amountFen: fen(300) });
    unwrap(await gateway.createOrder(closed));
    expect(unwrap(await gateway.closeOrder(closed.orderId)).status).toBe('closed');
    expect((await admin('POST', `/admin/payments/${closed.orderId}/pay`)).status).toBe(409);

    const expiring = order({ mode: 'displayedCode', payable: { kind: 'case', caseNumber: 'TEST01-20261126-0010' }, amountFen: fen(300), ttlSeconds: 10 });
    const created = unwrap(await gateway.createOrder(expiring));
    expect(Date.parse(created.expiresAt) - Date.now()).toBeLessThanOrEqual(10_000);
  });

  it('refuses unsigned kiosk calls and other kiosks’ orders', async () => {
    const { gateway } = await setup();
    const request = order();
    unwrap(await gateway.createOrder(request));
    const unsigned = await fetch(`${platform!.url}/v1/payments/orders/${request.orderId}`);
    expect(unsigned.status).toBe(401);
    const other = openKiosk(tempDir('pay-kiosk2'));
    try {
      await provision(other, platform!, 'TEST02');
      const theirs = await new PaymentGatewayClient(other.client).queryOrder(request.orderId);
      expect(!theirs.ok && theirs.error.kind === 'http' && theirs.error.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
