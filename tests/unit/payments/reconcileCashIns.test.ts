// The boot reconciler's verdicts over a real SQLite journal: ok, rollback, credit-once, unknown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { err, ok, unwrap } from '../../../src-common/result';
import { CashJournal, replayTransactions } from '../../../src-main/core/payments/cashJournal';
import type { CashClaim } from '../../../src-main/core/payments/claims';
import { reconcileCashIns } from '../../../src-main/core/payments/reconcileCashIns';
import { fen } from '../../../src-common/domain/money';

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
    const reports = await reconcileCashIns(d.claimDeps, async () => ok({ stacked: 5, rejected: 0 }));
    expect(reports).toEqual([expect.objectContaining({ resolution: 'rollback', paidFen: 0 })]);
    expect(d.printed).toEqual([]);
    expect(replayTransactions(d.journal.entries())[0]!.closed).toBe(true);
  });

  it('credits an in-flight note the counters show as stacked, once', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: 5 }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(2000), channel: 4 }));
    const reports = await reconcileCashIns(d.claimDeps, async () => ok({ stacked: 6, rejected: 0 }));
    expect(reports).toEqual([expect.objectContaining({ resolution: 'ok', paidFen: 2000 })]);
    expect(d.printed).toEqual([expect.objectContaining({ kind: 'refund', amountFen: 2000 })]);
    expect(d.queued).toEqual(['cash.claimCreated']);
    expect(await reconcileCashIns(d.claimDeps, async () => ok({ stacked: 6, rejected: 0 }))).toEqual([]);
  });

  it('is unknown (claim + alert) when the counters disagree with the journal', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: 5 }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    const reports = await reconcileCashIns(d.claimDeps, async () => ok({ stacked: 8, rejected: 0 }));
    expect(reports).toEqual([expect.objectContaining({ resolution: 'unknown' })]);
    expect(d.alerts).toEqual(['cash.claimUnknownAmount']);
    expect(d.printed).toEqual([expect.objectContaining({ kind: 'unknown' })]);
  });

  it('is unknown when a note was in flight and the device cannot be asked', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: null }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    const reports = await reconcileCashIns(d.claimDeps, async () => err('bill acceptor not connected'));
    expect(reports[0]).toMatchObject({ resolution: 'unknown', paidFen: 0 });
  });

  it('trusts a complete journal when no note was in flight, even without counters', async () => {
    const d = deps();
    unwrap(d.journal.append('t1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'b', stackedCounterAtStart: null }));
    unwrap(d.journal.append('t1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 3 }));
    unwrap(d.journal.append('t1', { kind: 'noteStacked', valueFen: fen(1000), channel: 3, paidFen: fen(1000), source: 'credit' }));
    const reports = await reconcileCashIns(d.claimDeps, async () => ok(undefined));
    expect(reports[0]).toMatchObject({ resolution: 'ok', paidFen: 1000 });
    expect(d.journal.verify().ok).toBe(true);
  });
});
