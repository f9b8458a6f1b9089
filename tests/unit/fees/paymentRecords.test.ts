// Payment records and QR orders on a real kiosk database (SQLite + outbox): one record per payable
// written with its outbox job, the same payment recorded twice is one record, a second payment of
// a paid payable is refused; order ids reused until final; interrupted orders become unknown with a
// claim and are settled by the reconciler from the platform's answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { err, ok, unwrap } from '../../../src-common/result';
import type { PaymentOrder } from '../../../src-common/wire/paymentsWire';
import { PaymentRecords } from '../../../src-main/core/payments/fees/PaymentRecords';
import type { PaymentGateway } from '../../../src-main/core/payments/qr/PaymentGatewayClient';
import { QrOrderStore } from '../../../src-main/core/payments/qr/QrOrderStore';
import { QrReconciler } from '../../../src-main/core/payments/qr/QrReconciler';
import { QrSettlement } from '../../../src-main/core/payments/qr/qrSettlement';
import { openSyncStack, type SyncStack } from '../../../src-main/core/sync/openSyncStack';
import { fen } from '../../../src-common/domain/money';

const stacks: SyncStack[] = [];
afterEach(() => {
  for (const s of stacks.splice(0)) s.close();
});

function open(): SyncStack {
  const stack = unwrap(openSyncStack({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fees-unit-')), log: silentLogger }));
  stacks.push(stack);
  return stack;
}

const notice = { kind: 'notice' as const, noticeNumber: '42020026112600012345' };
const item = { zh: '不动产登记费', en: 'Real estate registration fee' };

function jobs(stack: SyncStack, kind: string): number {
  return stack.db.prepare('SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?').pluck().get(kind) as number;
}

describe('payment records', () => {
  it('writes one record with one outbox job; the same payment again is a no-op; another payment is refused', () => {
    const stack = open();
    const marked: string[] = [];
    const records = new PaymentRecords(stack.db, stack.outbox, (r) => marked.push(r.paymentId));
    const record = { paymentId: 'CASH-T1', payable: notice, itemName: item, amountFen: fen(5000), method: 'cash' as const, cashTxnId: 'T1', paidAt: '2026-11-26T08:00:00.000Z' };
    expect(unwrap(records.recordPaid(record)).paymentId).toBe('CASH-T1');
    expect(unwrap(records.recordPaid(record)).paymentId).toBe('CASH-T1');
    const second = records.recordPaid({ ...record, paymentId: 'CASH-T2', cashTxnId: 'T2' });
    expect(second).toEqual({ ok: false, error: { kind: 'alreadyPaid', existingPaymentId: 'CASH-T1' } });
    expect(stack.db.prepare('SELECT COUNT(*) FROM payment_records').pluck().get()).toBe(1);
    expect(jobs(stack, 'payment.recorded')).toBe(1);
    expect(marked).toEqual(['CASH-T1']);
    const payload = JSON.parse(stack.db.prepare("SELECT payload_json FROM outbox_jobs WHERE kind = 'payment.recorded'").pluck().get() as string);
    expect(payload).toMatchObject({ paymentId: 'CASH-T1', amountFen: 5000, method: 'cash', payable: notice });
  });

  it('rolls the record back when the work in its transaction fails', () => {
    const stack = open();
    const records = new PaymentRecords(stack.db, stack.outbox);
    const failed = records.recordPaid({ paymentId: 'QRX', payable: notice, itemName: item, amountFen: fen(5000), method: 'qr', paidAt: '2026-11-26T08:00:00.000Z' }, () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    expect(failed.ok === false && failed.error.kind).toBe('storage');
    expect(stack.db.prepare('SELECT COUNT(*) FROM payment_records').pluck().get()).toBe(0);
    expect(jobs(stack, 'payment.recorded')).toBe(0);
  });
});

describe('QR orders', () => {
  it('reuses an open order id for the same payable, mode and amount, and never a final one', () => {
    const stack = open();
    const orders = new QrOrderStore(stack.db);
    const first = orders.reuseOrCreate(notice, 'displayedCode', fen(5000), item);
    expect(first.reused).toBe(false);
    expect(orders.reuseOrCreate(notice, 'displayedCode', fen(5000), item)).toEqual({ order: first.order, reused: true });
    expect(orders.reuseOrCreate(notice, 'paymentCode', fen(5000), item).order.orderId).not.toBe(first.order.orderId);
    orders.update(first.order.orderId, { state: 'unknown', claimId: 'CLM1' });
    expect(orders.reuseOrCreate(notice, 'displayedCode', fen(5000), item).order.orderId).toBe(first.order.orderId);
    orders.update(first.order.orderId, { state: 'expired' });
    expect(orders.reuseOrCreate(notice, 'displayedCode', fen(5000), item).order.orderId).not.toBe(first.order.orderId);
  });
});

describe('QR reconciler', () => {
  /** The platform's answer per order: an order, 404 (never received it), or no answer at all. */
  function rig(answer: (orderId: string) => PaymentOrder | 'notFound' | undefined) {
    const stack = open();
    const orders = new QrOrderStore(stack.db);
    const records = new PaymentRecords(stack.db, stack.outbox);
    const settlement = new QrSettlement({ orders, records, receipts: { printing: undefined, hallName: '测试大厅', kioskCode: 'TEST01', verifyBaseUrl: 'https://kiosk.invalid' }, log: silentLogger, alert: () => {} });
    const calls: string[] = [];
    const reply = async (name: string, orderId: string) => {
      calls.push(`${name} ${orderId}`);
      const o = answer(orderId);
      if (o === 'notFound') return err({ kind: 'http' as const, status: 404, code: 'notFound', message: 'no order with this id' });
      return o ? ok(name === 'reverse' && o.status === 'userPaying' ? { ...o, status: 'reversed' as const } : o) : err({ kind: 'unreachable' as const, message: 'ECONNREFUSED' });
    };
    const gateway: PaymentGateway = {
      notice: async () => err({ kind: 'unreachable', message: 'x' }),
      createOrder: async () => err({ kind: 'unreachable', message: 'x' }),
      micropay: async () => err({ kind: 'unreachable', message: 'x' }),
      queryOrder: (id) => reply('query', id),
      reverseOrder: (id) => reply('reverse', id),
      closeOrder: (id) => reply('close', id),
    };
    const reconciler = new QrReconciler({ gateway, orders, settlement, log: silentLogger, isBusy: () => false });
    return { stack, orders, reconciler, calls };
  }

  const wire = (orderId: string, status: PaymentOrder['status']): PaymentOrder => ({ orderId, payable: notice, mode: 'paymentCode', amountFen: fen(5000), status, expiresAt: '2026-11-26T09:00:00.000Z', ...(status === 'paid' ? { paidAt: '2026-11-26T08:01:00.000Z', channel: 'wechatPay' as const } : {}) });

  it('at boot, an order a crash left mid-micropay becomes unknown with one claim, then settles as paid', async () => {
    let platformAnswers = false;
    const { stack, orders, reconciler } = rig((id) => (platformAnswers ? wire(id, 'paid') : undefined));
    const { order } = orders.reuseOrCreate(notice, 'paymentCode', fen(5000), item);
    orders.update(order.orderId, { state: 'paying' });
    expect(reconciler.markInterrupted()).toBe(1);
    expect(orders.get(order.orderId)!.state).toBe('unknown');
    expect(jobs(stack, 'claim.qrPaymentUnknown')).toBe(1);
    expect(await reconciler.reconcileNow()).toEqual({ resolved: [], pending: 1 });
    platformAnswers = true;
    expect(await reconciler.reconcileNow()).toEqual({ resolved: [{ orderId: order.orderId, state: 'paid' }], pending: 0 });
    expect(stack.db.prepare('SELECT payment_id FROM payment_records').pluck().all()).toEqual([order.orderId]);
    expect(jobs(stack, 'payment.recorded')).toBe(1);
    expect(jobs(stack, 'payment.qrReconciled')).toBe(1);
    expect(jobs(stack, 'claim.qrPaymentUnknown')).toBe(1);
    expect(await reconciler.reconcileNow()).toEqual({ resolved: [], pending: 0 });
  });

  it('reverses a payment-code order still user-paying, and closes what the platform never received', async () => {
    const neverReceived = new Set<string>();
    const { orders, reconciler, calls, stack } = rig((id) => (neverReceived.has(id) ? 'notFound' : wire(id, 'userPaying')));
    const { order } = orders.reuseOrCreate(notice, 'paymentCode', fen(5000), item);
    orders.update(order.orderId, { state: 'userPaying' });
    const lost = orders.reuseOrCreate({ kind: 'case', caseNumber: 'TEST01-20261126-0001' }, 'displayedCode', fen(300), item).order;
    orders.update(lost.orderId, { state: 'created' });
    neverReceived.add(lost.orderId);
    expect(reconciler.markInterrupted()).toBe(2);
    const report = await reconciler.reconcileNow();
    expect(report.pending).toBe(0);
    expect([...report.resolved].sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { orderId: lost.orderId, state: 'closed' },
      { orderId: order.orderId, state: 'reversed' },
    ]);
    expect(calls.filter((c) => c.endsWith(order.orderId))).toEqual([`query ${order.orderId}`, `reverse ${order.orderId}`]);
    expect(calls.filter((c) => c.endsWith(lost.orderId))).toEqual([`query ${lost.orderId}`]);
    expect(stack.db.prepare('SELECT COUNT(*) FROM payment_records').pluck().get()).toBe(0);
    expect(jobs(stack, 'payment.qrReconciled')).toBe(2);
  });
});
