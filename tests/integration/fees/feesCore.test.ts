// Fees and QR payment inside a real core (test profile) against the reference platform over
// HTTP: Fee.Lookup of cases and notices, a displayed-QR payment paid from the "wallet app", a
// payment-code payment read from the simulated scanner (the code never reaches the renderer, the
// database or the log), cancel, and the offline refusal.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, fixedCaseFees, NOTICE_120, NOTICE_50, NOTICE_PAID, startFeesRig, until, type FeesRig } from './support/feesHarness';

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const CASE = 'TEST01-20261126-0001';

describe('Fee.Lookup', () => {
  it('takes case amounts from the session cases and notice amounts from the platform', async () => {
    rig = await startFeesRig({ caseFees: fixedCaseFees({ [CASE]: { feeFen: 2500, zh: '居住证办理', en: 'Residence permit' } }) });
    const c = await rig.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: CASE } });
    expect(c.completionCode).toBe('success');
    expect(c.payload).toMatchObject({ amountFen: 2500, status: 'unpaid', itemName: { zh: '居住证办理' }, payee: { zh: '测试大厅' } });
    const n = await rig.client.call('Fee.Lookup', { payable: { kind: 'notice', noticeNumber: NOTICE_120 } });
    expect(n.payload).toMatchObject({ amountFen: 12000, status: 'unpaid', payerMasked: '李*' });
    expect((await rig.client.call('Fee.Lookup', { payable: { kind: 'notice', noticeNumber: NOTICE_PAID } })).payload.status).toBe('paid');
    const other = await rig.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: 'TEST01-20261126-0099' } });
    expect(other).toMatchObject({ completionCode: 'invalidData' });
    expect(other.errorDescription).toMatch(/not a case of this session/);
    // The renderer cannot name an amount: the schema has no field for it.
    expect((await rig.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: CASE }, amountFen: 1 })).completionCode).toBe('invalidData');

    await rig.setPlatformDown(true);
    const offline = await rig.client.call('Fee.Lookup', { payable: { kind: 'notice', noticeNumber: NOTICE_50 } });
    expect(offline.completionCode).toBe('deviceNotReady');
    expect(offline.errorDescription).toMatch(/looked up online/);
    // A case of this session needs no platform.
    expect((await rig.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: CASE } })).completionCode).toBe('success');
  });
});

describe('Qr.PayByDisplayedCode', () => {
  it('shows the order QR, learns it was paid in the wallet app, records the payment once and prints the receipt', async () => {
    const caseFees = fixedCaseFees({ [CASE]: { feeFen: 2500, zh: '居住证办理', en: 'Residence permit' } });
    rig = await startFeesRig({ caseFees });
    const r = rig;
    const run = r.client.start('Qr.PayByDisplayedCode', { payable: { kind: 'case', caseNumber: CASE }, timeoutSeconds: 30 });
    await until(() => run.events.some((e) => e.event === 'orderCreated'), 5000, 'orderCreated');
    const created = run.events.find((e) => e.event === 'orderCreated')!.payload;
    expect(created).toMatchObject({ amountFen: 2500 });
    expect(created.qrContent).toContain(created.orderId);
    expect((await r.admin('POST', `/admin/payments/${created.orderId}/scan`)).status).toBe(200);
    await until(() => run.events.some((e) => e.event === 'userPaying'), 5000, 'userPaying');
    expect((await r.admin('POST', `/admin/payments/${created.orderId}/pay`, { channel: 'alipay' })).status).toBe(200);
    const done = await run.done;
    expect(done.completionCode).toBe('success');
    expect(done.payload).toMatchObject({ orderId: created.orderId, status: 'paid', amountFen: 2500, channel: 'alipay', receipt: { outcome: 'printed' } });

    const records = r.kioskRows('SELECT payment_id, method, amount_fen FROM payment_records');
    expect(records).toEqual([{ payment_id: created.orderId, method: 'qr', amount_fen: 2500 }]);
    expect(caseFees.paidMarks).toEqual([CASE]);
    const receipt = r.receiptLines().at(-1)!.join('\n');
    expect(receipt).toContain('缴费凭证');
    expect(receipt).toContain('25.00元');
    expect(receipt).toContain('支付宝');
    expect(receipt).toContain(CASE);
    // Paid now: a second payment is refused before anything happens.
    expect((await r.client.call('Qr.PayByDisplayedCode', { payable: { kind: 'case', caseNumber: CASE }, timeoutSeconds: 30 })).completionCode).toBe('sequenceError');
    expect((await r.client.call('Fee.Lookup', { payable: { kind: 'case', caseNumber: CASE } })).payload.status).toBe('paid');

    await r.client.call('Queue.Flush');
    const recorded = (await r.platformEvents('payment.recorded'));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.payload).toMatchObject({ paymentId: created.orderId, method: 'qr', amountFen: 2500 });
  });

  it('closes the order when the citizen cancels: canceled, nothing recorded, a late payment is refused', async () => {
    rig = await startFeesRig();
    const r = rig;
    const run = r.client.start('Qr.PayByDisplayedCode', { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 30 });
    await until(() => run.events.some((e) => e.event === 'orderCreated'), 5000, 'orderCreated');
    const { orderId } = run.events[0]!.payload;
    await r.client.cancel(run.requestId);
    const done = await run.done;
    expect(done.payload).toMatchObject({ orderId, status: 'canceled' });
    expect((await r.admin('GET', `/admin/payments/orders/${orderId}`)).json.order.status).toBe('closed');
    expect((await r.admin('POST', `/admin/payments/${orderId}/pay`)).status).toBe(409);
    expect(r.kioskRows('SELECT * FROM payment_records')).toEqual([]);
    expect(r.kioskRows('SELECT state FROM qr_orders WHERE order_id = ?', orderId)).toEqual([{ state: 'closed' }]);
  });

  it('is refused with the reason while the capability gate shows the platform offline', async () => {
    rig = await startFeesRig();
    rig.core.context.capabilities.setPlatformOnline(false);
    for (const method of ['Qr.PayByDisplayedCode', 'Qr.PayByPaymentCode']) {
      const refused = await rig.client.call(method, { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 30 });
      expect(refused.completionCode).toBe('deviceNotReady');
      expect(refused.errorDescription).toMatch(/reason\.offline.*nothing was charged/);
    }
    expect(rig.kioskRows('SELECT * FROM qr_orders')).toEqual([]);
  });
});

describe('Qr.PayByPaymentCode', () => {
  it('reads the code from the scanner in the core, pays by micropay, and never lets the code out', async () => {
    rig = await startFeesRig();
    const r = rig;
    const run = r.client.start('Qr.PayByPaymentCode', { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 30 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    await r.scan('TEST01-20261126-0001'); // not a payment code: ignored
    await r.scan(CODES.success);
    const done = await run.done;
    expect(done.completionCode).toBe('success');
    expect(done.payload).toMatchObject({ status: 'paid', amountFen: 5000, channel: 'wechatPay', receipt: { outcome: 'printed' } });
    expect(run.events.map((e) => e.event)).toEqual(['waitingForCode', 'codeScanned']);
    expect(run.events[1]!.payload).toEqual({ channel: 'wechatPay' });
    expect(r.receiptLines().at(-1)!.join('\n')).toMatch(/缴费凭证[\s\S]*不动产登记费[\s\S]*微信支付[\s\S]*50\.00元/);
    expect((await r.client.call('Fee.Lookup', { payable: { kind: 'notice', noticeNumber: NOTICE_50 } })).payload.status).toBe('paid');

    // The code went to the platform and nowhere else: not to the renderer, the database, or the log.
    expect(r.client.raw.join('\n')).not.toContain(CODES.success);
    expect(r.logLines.length).toBeGreaterThan(0);
    expect(r.logLines.join('\n')).not.toContain(CODES.success);
    await r.core.stop();
    const kioskDir = path.join(r.dataDir, 'kiosk');
    for (const file of fs.readdirSync(kioskDir, { recursive: true }) as string[]) {
      const full = path.join(kioskDir, file);
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(CODES.success), file).toBe(false);
    }
  });
});
