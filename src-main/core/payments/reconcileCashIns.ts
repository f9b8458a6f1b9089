// The boot reconciler (design.md §5): every cash-in the journal shows open is resolved against the
// acceptor's own counters to ok (journal and device agree), rollback (nothing was taken) or
// unknown (they disagree, or the device cannot say), and closed in one transaction with what it
// owes: the payment record of a purpose paid in full, else a claim (with its receipt and alert).
import { fen } from '../../../src-common/domain/money';
import type { Result } from '../../../src-common/result';
import type { DeviceCounters } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import type { CashInReplay, JournalBody } from './cashJournal';
import { closeCashIn, type CashSettler, type ClaimDeps, type CloseRequest, type PaidCashIn } from './closeCashIn';

export type Resolution = 'ok' | 'rollback' | 'unknown';

export interface ReconcileReport {
  readonly txnId: string;
  readonly resolution: Resolution;
  readonly paidFen: number;
  readonly claimId?: string;
  /** The payment record the reconciler completed (a purpose paid in full). */
  readonly paymentId?: string;
  readonly detail: string;
}

export interface ReconcileOptions {
  /** Asks the device for GET COUNTERS (undefined = the unit does not support it). */
  readonly readCounters: () => Promise<Result<DeviceCounters | undefined, string>>;
  /** Records payments; a cash-in with a purpose waits (stays open) until one is attached. */
  readonly settler: CashSettler | undefined;
  /** A cash-in running in this process right now is not interrupted: never touch it. */
  readonly activeTxnId?: string;
}

/**
 * Resolves open cash-ins. A note is only ever accepted after its write-ahead `noteAccepting`
 * entry, so an open cash-in without a pending note is fully described by its journal.
 */
export async function reconcileCashIns(deps: ClaimDeps, options: ReconcileOptions): Promise<ReconcileReport[]> {
  const open = deps.journal.openTransactions().filter((t) => t.txnId !== options.activeTxnId);
  const reports: ReconcileReport[] = [];
  for (const txn of open) {
    const paidInFull = txn.paidFen === txn.dueFen || (txn.pendingNote !== undefined && txn.paidFen + txn.pendingNote.valueFen === txn.dueFen);
    if (txn.purpose && paidInFull && !options.settler) {
      // Its record can only be written by the fees domain: leave it open until that is attached.
      deps.log.warn('cash.reconcile_deferred', { txnId: txn.txnId, reason: 'no payment settler attached yet' });
      continue;
    }
    const verdict = await judge(txn, options.readCounters);
    const closing = closingOf(txn, verdict, options.settler);
    const closed = closeCashIn(deps, closing.request);
    if (!closed.ok) continue;
    const { claim, settlement } = closed.value;
    if (settlement && closing.paid) options.settler?.afterReconciled?.(closing.paid, settlement);
    deps.log.warn('cash.reconciled', { txnId: txn.txnId, resolution: closing.resolution, paidFen: closing.request.paidFen, settlement: settlement?.kind ?? 'none' });
    reports.push({
      txnId: txn.txnId,
      resolution: closing.resolution,
      paidFen: closing.request.paidFen,
      detail: verdict.detail,
      ...(claim ? { claimId: claim.claimId } : {}),
      ...(settlement?.kind === 'recorded' ? { paymentId: settlement.paymentId } : {}),
    });
  }
  return reports;
}

interface Verdict {
  readonly resolution: Resolution;
  /** The in-flight note reached the cash box before its journal entry: credit it now. */
  readonly creditPending: boolean;
  readonly detail: string;
}

/** The closing entries and what the interrupted cash-in owes, from the verdict. */
function closingOf(txn: CashInReplay, verdict: Verdict, settler: CashSettler | undefined): { request: CloseRequest; resolution: Resolution; paid?: PaidCashIn } {
  const entries: JournalBody[] = [];
  let paidFen = txn.paidFen;
  if (verdict.creditPending && txn.pendingNote) {
    paidFen = fen(paidFen + txn.pendingNote.valueFen);
    entries.push({ kind: 'noteStacked', valueFen: txn.pendingNote.valueFen, channel: txn.pendingNote.channel, paidFen, source: 'reconciled' });
  } else if (verdict.resolution !== 'unknown' && txn.pendingNote) {
    entries.push({ kind: 'noteReturned', valueFen: txn.pendingNote.valueFen });
  }
  const resolution: Resolution = verdict.resolution === 'ok' && paidFen === 0 ? 'rollback' : verdict.resolution;
  entries.push({ kind: 'reconciled', resolution, paidFen, detail: verdict.detail });
  const base = { txnId: txn.txnId, deviceId: txn.deviceId, dueFen: txn.dueFen, paidFen, entries, byReconciler: true };
  // Paid in full for a purpose: the citizen's payment stands (the record the crash cut off).
  if (resolution === 'ok' && paidFen === txn.dueFen && txn.purpose && settler) {
    return { request: { ...base, settle: { purpose: txn.purpose, settler } }, resolution, paid: { txnId: txn.txnId, deviceId: txn.deviceId, purpose: txn.purpose, paidFen, paidAt: new Date().toISOString() } };
  }
  // Anything else that took money is owed back (the citizen's session died with the process).
  if (resolution === 'unknown' || paidFen > 0) {
    return { request: { ...base, claim: { kind: resolution === 'unknown' ? 'unknown' : 'refund', reason: `interrupted cash-in resolved at boot as ${resolution}: ${verdict.detail}` } }, resolution };
  }
  return { request: base, resolution };
}

async function judge(txn: CashInReplay, readCounters: ReconcileOptions['readCounters']): Promise<Verdict> {
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
