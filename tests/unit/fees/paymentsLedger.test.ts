// The reference platform's payment ledger over its real SQLite store: kiosk-recorded payments are
// folded into settlements exactly once, and a second, different payment of a paid notice is kept
// as a conflict (a refund is owed), never as a second settlement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { PlatformStore } from '../../../platform/server/platformStore';
import { PaymentsLedger } from '../../../platform/server/paymentsLedger';

const stores: PlatformStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function event(paymentId: string, streamSeq: number, noticeNumber = '42020026112600012346') {
  return {
    idempotencyKey: ulid(),
    streamKey: `payment:notice:${noticeNumber}`,
    streamSeq,
    kind: 'payment.recorded',
    occurredAt: '2026-11-26T08:00:00.000Z',
    payload: { paymentId, payable: { kind: 'notice', noticeNumber }, amountFen: 12000, method: 'cash', cashTxnId: paymentId, paidAt: '2026-11-26T08:00:00.000Z' },
  };
}

describe('payments ledger', () => {
  it('settles a recorded payment once and keeps a second payment of the same notice as a conflict', () => {
    const store = new PlatformStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-')));
    stores.push(store);
    const ledger = new PaymentsLedger(store.db, () => Date.parse('2026-11-26T08:00:00.000Z'));
    expect(ledger.notice('42020026112600012346')!.status).toBe('unpaid');
    const first = event('CASH-A', 1);
    expect(store.storeEvents('K1', [first])).toEqual([{ status: 'accepted' }]);
    expect(store.storeEvents('K1', [first])).toEqual([{ status: 'duplicate' }]);
    expect(ledger.applyRecordedPayments()).toBe(1);
    expect(ledger.applyRecordedPayments()).toBe(0);
    expect(ledger.notice('42020026112600012346')).toMatchObject({ status: 'paid', paidAt: '2026-11-26T08:00:00.000Z' });
    // Another kiosk took cash for the same notice before it learned it was paid.
    expect(store.storeEvents('K2', [event('CASH-B', 1)])).toEqual([{ status: 'accepted' }]);
    expect(ledger.applyRecordedPayments()).toBe(0);
    expect(ledger.settlements({ kind: 'notice', noticeNumber: '42020026112600012346' }).map((s) => s.paymentId)).toEqual(['CASH-A']);
    expect(ledger.conflicts()).toEqual([{ paymentId: 'CASH-B', payableKey: 'notice:42020026112600012346', amountFen: 12000, reason: 'already paid by another payment: refund owed' }]);
  });

  it('seeds the three documented notices once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    const store = new PlatformStore(dir);
    stores.push(store);
    new PaymentsLedger(store.db, Date.now);
    new PaymentsLedger(store.db, Date.now);
    expect(store.db.prepare('SELECT notice_number, amount_fen FROM payment_notices ORDER BY notice_number').all()).toEqual([
      { notice_number: '42020026112600012345', amount_fen: 5000 },
      { notice_number: '42020026112600012346', amount_fen: 12000 },
      { notice_number: '42020026112600012347', amount_fen: 1000 },
    ]);
    expect(store.db.prepare('SELECT COUNT(*) FROM payment_settlements').pluck().get()).toBe(1);
  });
});
