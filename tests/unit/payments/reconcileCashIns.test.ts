// The boot reconciler's verdicts over a real SQLite journal: ok, rollback, credit-once, unknown;
// and for a cash-in with a payable, the payment record completed in the closing transaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { err, ok, unwrap } from '../../../src-common/result';
import { CashJournal, replayTransactions } from '../../../src-main/core/payments/cashJournal';
import type { CashClaim } from '../../../src-main/core/payments/claims';
import { reconcileCashIns } from '../../../src-main/core/payments/reconcileCashIns';
import { fen } from '../../../src-common/domain/money';
import { outboxWriterFor } from '../../../src-main/core/payments/claims';
import { closeCashIn } from '../../../src-main/core/payments/closeCashIn';
import { CashPaymentSettler } from '../../../src-main/core/payments/fees/cashPaymentSettler';
import { PaymentRecords } from '../../../src-main/core/payments/fees/PaymentRecords';
import { openSyncStack } from '../../../src-main/core/sync/openSyncStack';

function deps() {
  const journal = unwrap(CashJournal.openStandalone(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-')), 'j.db')));
  const printed: CashClaim[] = [];
  const alerts: string[] = [];
  const queued: string[] = [];
  return {
    journal,
    printed,
    alerts,
    queued,
    claimDeps: {
      journal,
      log: silentLogger,
      printer: { printClaimReceipt: async (c: CashClaim) => void printed.push(c) },
      outbox: { enqueue: (job: { kind: string }) => void queued.push(job.kind) },
      alerts: { raise: (a: { code: string }) => void alerts.push(a.code) },
    },
  };
}

describe('reconcileCashIns', () => {
  it('rolls back a cash-in that took nothing', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: 5 }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 5, rejected: 0 }), settler: undefined });
    expect(reports).toEqual([expect.objectContaining({ resolution: 'rollback', paidFen: fen(0) })]);
    expect(d.printed).toEqual([]);
    expect(replayTransactions(d.journal.entries())[0]!.closed).toBe(true);
  });

  it('credits an in-flight note the counters show as stacked, once', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: 5 }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(2000), channel: 4 }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 6, rejected: 0 }), settler: undefined });
    expect(reports).toEqual([expect.objectContaining({ resolution: 'ok', paidFen: fen(2000) })]);
    expect(d.printed).toEqual([expect.objectContaining({ kind: 'refund', amountFen: fen(2000) })]);
    expect(d.queued).toEqual(['cash.claimCreated']);
    // The kiosk's own crash interrupted it: an operator is told, not only the citizen.
    expect(d.alerts).toEqual(['cash.claimAfterInterruption']);
    expect(await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 6, rejected: 0 }), settler: undefined })).toEqual([]);
  });

  it('is unknown (claim + alert) when the counters disagree with the journal', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: 5 }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 8, rejected: 0 }), settler: undefined });
    expect(reports).toEqual([expect.objectContaining({ resolution: 'unknown' })]);
    expect(d.alerts).toEqual(['cash.claimUnknownAmount']);
    expect(d.printed).toEqual([expect.objectContaining({ kind: 'unknown' })]);
  });

  it('is unknown when a note was in flight and the device cannot be asked', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: null }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => err('bill acceptor not connected'), settler: undefined });
    expect(reports[0]).toMatchObject({ resolution: 'unknown', paidFen: fen(0) });
  });

  it('trusts a complete journal when no note was in flight, even without counters', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: null }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(1000), channel: 3, paidFen: fen(1000), source: 'credit' }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => ok(undefined), settler: undefined });
    expect(reports[0]).toMatchObject({ resolution: 'ok', paidFen: fen(1000) });
    expect(d.journal.verify().ok).toBe(true);
  });
});

const stacks: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of stacks.splice(0)) s.close();
});

/** A kiosk database (cash journal, outbox, payment records) with the fees domain's settler. */
function kioskDeps() {
  const stack = unwrap(openSyncStack({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kiosk-')), log: silentLogger }));
  stacks.push(stack);
  const journal = unwrap(CashJournal.fromDatabase(stack.db));
  const records = new PaymentRecords(stack.db, stack.outbox);
  const printed: CashClaim[] = [];
  const alerts: string[] = [];
  const claimDeps = {
    journal,
    log: silentLogger,
    printer: { printClaimReceipt: async (c: CashClaim) => void printed.push(c) },
    outbox: outboxWriterFor(stack.outbox, stack.db),
    alerts: { raise: (a: { code: string }) => void alerts.push(a.code) },
  };
  const jobs = (kind: string) => stack.db.prepare('SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?').pluck().get(kind) as number;
  return { stack, journal, records, printed, alerts, claimDeps, jobs, settler: new CashPaymentSettler({ records, log: silentLogger }) };
}

const notice = { kind: 'notice' as const, noticeNumber: '42020026112600012345' };
const purpose = { kind: 'payable' as const, payable: notice, itemName: { zh: '不动产登记费', en: 'Real estate registration fee' } };
const counters = async () => ok({ stacked: 2, rejected: 0 });

describe('reconcileCashIns for a payable', () => {
  it('completes the payment record of a cash-in paid in full, in one transaction with its closing entry', async () => {
    const d = kioskDeps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(5000), deviceId: 'b', stackedCounterAtStart: 0, purpose }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(2000), channel: 4, paidFen: fen(2000), source: 'credit' }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(3000), channel: 5 }));
    // The last note reached the cash box before its entry: the counters say so.
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: counters, settler: d.settler });
    expect(reports).toEqual([expect.objectContaining({ txnId: 't1', resolution: 'ok', paidFen: fen(5000), paymentId: 'CASH-t1' })]);
    expect(d.records.paidRecord(notice)).toMatchObject({ paymentId: 'CASH-t1', amountFen: fen(5000), method: 'cash', cashTxnId: 't1' });
    expect(d.jobs('payment.recorded')).toBe(1);
    expect(d.jobs('cash.claimCreated')).toBe(0);
    expect(d.journal.openTransactions()).toEqual([]);
    expect(d.journal.verify().ok).toBe(true);
  });

  it('leaves a paid cash-in with a purpose open until a settler is attached', async () => {
    const d = kioskDeps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(2000), deviceId: 'b', stackedCounterAtStart: 0, purpose }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(2000), channel: 4, paidFen: fen(2000), source: 'credit' }));
    expect(await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 1, rejected: 0 }), settler: undefined })).toEqual([]);
    expect(d.journal.openTransactions().map((t) => t.txnId)).toEqual(['t1']);
    expect(await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 1, rejected: 0 }), settler: d.settler })).toEqual([expect.objectContaining({ paymentId: 'CASH-t1' })]);
  });

  it('owes the cash back as a refund claim when the payable was paid by another payment meanwhile', async () => {
    const d = kioskDeps();
    unwrap(d.records.recordPaid({ paymentId: 'QR-EARLIER', payable: notice, itemName: purpose.itemName, amountFen: fen(2000), method: 'qr', paidAt: '2026-11-26T08:00:00.000Z' }));
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(2000), deviceId: 'b', stackedCounterAtStart: 0, purpose }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(2000), channel: 4, paidFen: fen(2000), source: 'credit' }));
    const reports = await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 1, rejected: 0 }), settler: d.settler });
    expect(reports).toEqual([expect.objectContaining({ resolution: 'ok', paidFen: fen(2000), claimId: expect.any(String) })]);
    expect(reports[0]!.paymentId).toBeUndefined();
    expect(d.records.paidRecord(notice)!.paymentId).toBe('QR-EARLIER');
    expect(d.jobs('cash.claimCreated')).toBe(1);
    expect(d.printed).toEqual([expect.objectContaining({ kind: 'refund', amountFen: fen(2000) })]);
    expect(d.alerts).toEqual(expect.arrayContaining(['cashDoublePayment']));
  });

  it('writes nothing of a close whose transaction fails, and the journal stays a valid chain', async () => {
    const d = kioskDeps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(2000), deviceId: 'b', stackedCounterAtStart: 0, purpose }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(2000), channel: 4, paidFen: fen(2000), source: 'credit' }));
    const failing = { database: d.stack.db, settleInTransaction: () => { throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }); } };
    const closed = closeCashIn(d.claimDeps, { txnId: 't1', deviceId: 'b', dueFen: fen(2000), paidFen: fen(2000), entries: [{ kind: 'txnEnded', status: 'paid', paidFen: fen(2000) }], settle: { purpose, settler: failing }, byReconciler: false });
    expect(closed.ok).toBe(false);
    expect(d.alerts).toEqual(['cash.closeNotJournaled']);
    expect(d.journal.entries().map((e) => e.body.kind)).toEqual(['txnStarted', 'noteStacked']);
    expect(d.journal.openTransactions().map((t) => t.txnId)).toEqual(['t1']);
    // The in-memory chain head was put back: the next close appends cleanly.
    expect(await reconcileCashIns(d.claimDeps, { readCounters: async () => ok({ stacked: 1, rejected: 0 }), settler: d.settler })).toEqual([expect.objectContaining({ paymentId: 'CASH-t1' })]);
    expect(d.journal.verify().ok).toBe(true);
  });
});
