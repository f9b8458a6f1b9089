// The reference platform's payment ledger over its real store (PGlite, and PostgreSQL in the
// platform-postgres run): kiosk-recorded payments become settlements exactly once, in the
// transaction that stores their event, and a second, different payment of a paid notice is kept
// as a conflict (a refund is owed), never as a second settlement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { PlatformStore } from '../../../platform/server/platformStore';
import { checkItem } from '../../../platform/server/routes/events';
import { openTestStore } from '../../support/platformDatabase';

const stores: PlatformStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function openStore(): Promise<PlatformStore> {
  const store = await openTestStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-')), { now: () => Date.parse('2026-11-26T08:00:00.000Z') });
  stores.push(store);
  return store;
}

async function provisioned(store: PlatformStore, kioskCode: string): Promise<string> {
  const { code } = await store.kiosks.createProvisioningCode(new Date());
  const redeemed = await store.kiosks.redeemCode(code, kioskCode, `key-of-${kioskCode}-${ulid()}`, 't', new Date());
  if (!('kioskId' in redeemed)) throw new Error(redeemed.refusal);
  return redeemed.kioskId;
}

function event(paymentId: string, streamSeq: number, noticeNumber = '42020026112600012346') {
  return checkItem({
    idempotencyKey: ulid(),
    streamKey: `payment:notice:${noticeNumber}`,
    streamSeq,
    kind: 'payment.recorded',
    occurredAt: '2026-11-26T08:00:00.000Z',
    payload: { paymentId, payable: { kind: 'notice', noticeNumber }, amountFen: 12000, method: 'cash', cashTxnId: paymentId, paidAt: '2026-11-26T08:00:00.000Z' },
  });
}

describe('payments ledger', () => {
  it('settles a recorded payment once and keeps a second payment of the same notice as a conflict', async () => {
    const store = await openStore();
    const ledger = store.payments;
    const [k1, k2] = [await provisioned(store, 'K1'), await provisioned(store, 'K2')];
    expect((await ledger.notice('42020026112600012346'))!.status).toBe('unpaid');
    const first = event('CASH-A', 1);
    const at = new Date('2026-11-26T08:00:01.000Z');
    expect(await store.events.storeBatch(k1, [first], at)).toEqual([{ status: 'accepted' }]);
    expect(await store.events.storeBatch(k1, [first], at)).toEqual([{ status: 'duplicate' }]);
    expect(await ledger.notice('42020026112600012346')).toMatchObject({ status: 'paid', paidAt: '2026-11-26T08:00:00.000Z' });
    expect((await ledger.settlements()).filter((s) => s.paymentId === 'CASH-A')).toHaveLength(1);
    // Another kiosk took cash for the same notice before it learned it was paid.
    expect(await store.events.storeBatch(k2, [event('CASH-B', 1)], at)).toEqual([{ status: 'accepted' }]);
    expect((await ledger.settlements({ kind: 'notice', noticeNumber: '42020026112600012346' })).map((s) => s.paymentId)).toEqual(['CASH-A']);
    expect(await ledger.conflicts()).toEqual([{ paymentId: 'CASH-B', payableKey: 'notice:42020026112600012346', amountFen: 12000, reason: 'already paid by another payment: refund owed' }]);
  });

  it('seeds the three documented notices once, however often the store is opened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    await (await openTestStore(dir)).close();
    const store = await openTestStore(dir);
    stores.push(store);
    expect(await store.db.query('SELECT notice_number, amount_fen FROM payment_notices ORDER BY notice_number')).toEqual([
      { notice_number: '42020026112600012345', amount_fen: 5000 },
      { notice_number: '42020026112600012346', amount_fen: 12000 },
      { notice_number: '42020026112600012347', amount_fen: 1000 },
    ]);
    expect(await store.db.query('SELECT COUNT(*) AS n FROM payment_settlements')).toEqual([{ n: 1 }]);
  });
});
