// The boot reconciler (design.md §5): every cash-in the journal shows open is resolved against the
// acceptor's own counters to ok (journal and device agree), rollback (nothing was taken) or
// unknown (they disagree, or the device cannot say): unknown files a claim and raises an alert.
import type { Result } from '../../../src-common/result';
import type { DeviceCounters } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import { replayTransactions, type CashInReplay } from './cashJournal';
import { fileClaim, type ClaimDeps } from './fileClaim';
import { fen, type Fen } from '../../../src-common/domain/money';

export type Resolution = 'ok' | 'rollback' | 'unknown';

export interface ReconcileReport {
  readonly txnId: string;
  readonly resolution: Resolution;
  readonly paidFen: Fen;
  readonly claimId?: string;
  readonly detail: string;
}

/**
 * Resolves open cash-ins. `readCounters` asks the device for GET COUNTERS (undefined = the unit
 * does not support it). A note is only ever accepted after its write-ahead `noteAccepting` entry,
 * so an open cash-in without a pending note is fully described by its journal.
 */
export async function reconcileCashIns(deps: ClaimDeps, readCounters: () => Promise<Result<DeviceCounters | undefined, string>>): Promise<ReconcileReport[]> {
  const open = replayTransactions(deps.journal.entries()).filter((t) => !t.closed);
  const reports: ReconcileReport[] = [];
  for (const txn of open) {
    const verdict = await judge(txn, readCounters);
    let paidFen = txn.paidFen;
    if (verdict.creditPending && txn.pendingNote) {
      paidFen = fen(paidFen + txn.pendingNote.valueFen);
      const stacked = deps.journal.append(txn.txnId, { kind: 'noteStacked', valueFen: txn.pendingNote.valueFen, channel: txn.pendingNote.channel, paidFen, source: 'reconciled' });
      if (!stacked.ok) {
        deps.log.error('cash.reconcile_write_failed', { txnId: txn.txnId, reason: stacked.error.message });
        continue;
      }
    } else if (verdict.resolution !== 'unknown' && txn.pendingNote) {
      deps.journal.append(txn.txnId, { kind: 'noteReturned', valueFen: txn.pendingNote.valueFen });
    }
    const resolution: Resolution = verdict.resolution === 'ok' && paidFen === 0 ? 'rollback' : verdict.resolution;
    const closed = deps.journal.append(txn.txnId, { kind: 'reconciled', resolution, paidFen, detail: verdict.detail });
    if (!closed.ok) {
      deps.log.error('cash.reconcile_write_failed', { txnId: txn.txnId, reason: closed.error.message });
      continue;
    }
    let claimId: string | undefined;
    // The citizen's session died with the kiosk: anything they paid is owed back (or handed to a person).
    if (resolution === 'unknown' || paidFen > 0) {
      const claim = fileClaim(deps, {
        txnId: txn.txnId,
        kind: resolution === 'unknown' ? 'unknown' : 'refund',
        amountFen: paidFen,
        dueFen: txn.dueFen,
        deviceId: txn.deviceId,
        reason: `interrupted cash-in resolved at boot as ${resolution}: ${verdict.detail}`,
      });
      if (claim.ok) claimId = claim.value.claimId;
    }
    deps.log.warn('cash.reconciled', { txnId: txn.txnId, resolution, paidFen });
    reports.push({ txnId: txn.txnId, resolution, paidFen, detail: verdict.detail, ...(claimId ? { claimId } : {}) });
  }
  return reports;
}

async function judge(txn: CashInReplay, readCounters: () => Promise<Result<DeviceCounters | undefined, string>>): Promise<{ resolution: Resolution; creditPending: boolean; detail: string }> {
  const counters = await readCounters();
  if (!counters.ok || !counters.value || txn.stackedCounterAtStart === null) {
    const why = !counters.ok ? counters.error : 'the unit has no GET COUNTERS';
    if (!txn.pendingNote) return { resolution: 'ok', creditPending: false, detail: `no note was in flight; journal is complete (${why})` };
    return { resolution: 'unknown', creditPending: false, detail: `a ${txn.pendingNote.valueFen} fen note was in flight and the device cannot be asked (${why})` };
  }
  const unseen = counters.value.stacked - txn.stackedCounterAtStart - txn.stackedNotes;
  if (unseen === 0) {
    return { resolution: 'ok', creditPending: false, detail: txn.pendingNote ? `device stacked ${txn.stackedNotes} notes as journaled; the in-flight note was returned` : `device stacked ${txn.stackedNotes} notes as journaled` };
  }
  if (unseen === 1 && txn.pendingNote) {
    return { resolution: 'ok', creditPending: true, detail: `device stacked the in-flight ${txn.pendingNote.valueFen} fen note before the journal write; credited now` };
  }
  return { resolution: 'unknown', creditPending: false, detail: `device counter moved by ${counters.value.stacked - txn.stackedCounterAtStart} notes, journal shows ${txn.stackedNotes}` };
}
