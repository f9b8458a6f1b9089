// Closes a cash-in in one SQLite transaction (design.md §5): its closing journal entries, and
// either the payment record of what it paid for (with its outbox job) or the claim for money owed
// back (journal entry + outbox job). A crash therefore leaves the cash-in open, never closed
// without its record; the boot reconciler closes it again. Receipts and alerts follow the commit.
import type Database from 'better-sqlite3';
import type { Fen } from '../../../src-common/domain/money';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { newUlid } from '../ids/ulids';
import type { CashInPurpose, CashJournal, JournalBody } from './cashJournal';
import type { AlertSink, CashClaim, ClaimReceiptPrinter, OutboxWriter } from './claims';

/** A cash-in that took its whole due amount for a purpose: what the settler records. */
export interface PaidCashIn {
  readonly txnId: string;
  readonly deviceId: string;
  readonly purpose: CashInPurpose;
  readonly paidFen: Fen;
  /** UTC ISO-8601. */
  readonly paidAt: string;
}

/** What the settler did inside the cash-in's closing transaction. */
export type CashSettlement =
  // the payment record and its outbox job are written (now, or by an earlier attempt)
  | { readonly kind: 'recorded'; readonly paymentId: string }
  // the purpose was already paid by another payment: the cash goes back as a refund claim
  | { readonly kind: 'refundOwed'; readonly reason: string; readonly alertCode: string };

/**
 * Records what a paid cash-in paid for (the fees domain implements it). `settleInTransaction`
 * runs inside the cash-in's closing transaction on `database` and throws to roll it all back.
 */
export interface CashSettler {
  readonly database: Database.Database;
  settleInTransaction(paid: PaidCashIn): CashSettlement;
  /** After the commit of a payment the boot reconciler completed (prints the payment receipt). */
  afterReconciled?(paid: PaidCashIn, settlement: CashSettlement): void;
}

export interface ClaimDeps {
  readonly journal: CashJournal;
  readonly outbox: OutboxWriter;
  readonly printer: ClaimReceiptPrinter;
  readonly alerts: AlertSink;
  readonly log: Logger;
}

/** How one cash-in ends: what to journal and what is owed. */
export interface CloseRequest {
  readonly txnId: string;
  readonly deviceId: string;
  readonly dueFen: Fen;
  readonly paidFen: Fen;
  /** The closing entries, in order (the last one is `txnEnded` or `reconciled`). */
  readonly entries: readonly JournalBody[];
  /** Paid in full for this purpose: settle it (a payment record) in the same transaction. */
  readonly settle?: { readonly purpose: CashInPurpose; readonly settler: CashSettler };
  /** Money owed back (refund), or an amount nobody can establish (unknown). */
  readonly claim?: { readonly kind: CashClaim['kind']; readonly reason: string };
  /** Closed by the boot reconciler: the citizen's session is gone, so every claim also alerts. */
  readonly byReconciler: boolean;
}

export interface Closed {
  readonly claim?: CashClaim;
  readonly settlement?: CashSettlement;
}

/**
 * Writes the closing entries, the settlement and the claim in one transaction when the outbox
 * writes to the journal's database (the core, the CLI); otherwise (a standalone journal) the
 * journal entries commit together and the claim's outbox record follows. A failure leaves the
 * cash-in open in the journal (the reconciler closes it later) and is returned as a value.
 */
export function closeCashIn(deps: ClaimDeps, request: CloseRequest): Result<Closed, Error> {
  const { journal, outbox, log } = deps;
  const sharedDatabase = outbox.database !== undefined && outbox.database === journal.db;
  if (request.settle && request.settle.settler.database !== journal.db) {
    return err(new Error(`cash-in ${request.txnId}: the payment settler writes to another database than the cash journal; refusing to close without its record`));
  }
  const paidAt = new Date().toISOString();
  let settlement: CashSettlement | undefined;
  let claim: CashClaim | undefined;
  let job: Parameters<OutboxWriter['enqueue']>[0] | undefined;
  try {
    journal.db.transaction(() => {
      for (const body of request.entries) {
        const appended = journal.append(request.txnId, body);
        if (!appended.ok) throw appended.error;
      }
      if (request.settle) {
        settlement = request.settle.settler.settleInTransaction({ txnId: request.txnId, deviceId: request.deviceId, purpose: request.settle.purpose, paidFen: request.paidFen, paidAt });
      }
      const owed = settlement?.kind === 'refundOwed' ? { kind: 'refund' as const, reason: settlement.reason } : request.claim;
      if (owed) {
        claim = { claimId: newUlid(), txnId: request.txnId, kind: owed.kind, amountFen: request.paidFen, dueFen: request.dueFen, deviceId: request.deviceId, reason: owed.reason, createdAt: paidAt };
        const appended = journal.append(request.txnId, { kind: 'claimCreated', claimId: claim.claimId, claimKind: claim.kind, amountFen: claim.amountFen, reason: claim.reason });
        if (!appended.ok) throw appended.error;
        job = { kind: 'cash.claimCreated', streamKey: `cash:${request.txnId}`, payload: { ...claim } };
        // One transaction with the evidence when both live in the kiosk database.
        if (sharedDatabase) outbox.enqueue(job);
      }
    }).immediate();
  } catch (e) {
    journal.resync();
    const error = e instanceof Error ? e : new Error(String(e));
    log.error('cash.close_failed', { txnId: request.txnId, paidFen: request.paidFen, error: error.message });
    deps.alerts.raise({ code: 'cash.closeNotJournaled', severity: 'critical', detail: `txn ${request.txnId}: ${error.message}; ${request.paidFen} fen taken, the cash-in stays open until the reconciler closes it` });
    return err(error);
  }
  if (job && !sharedDatabase) {
    try {
      outbox.enqueue(job);
    } catch (e) {
      log.error('cash.claim_outbox_failed', { claimId: claim?.claimId, error: e });
    }
  }
  if (settlement?.kind === 'refundOwed') deps.alerts.raise({ code: settlement.alertCode, severity: 'critical', detail: `txn ${request.txnId}: ${settlement.reason}` });
  if (claim) afterClaim(deps, claim, request.byReconciler);
  return ok({ ...(claim ? { claim } : {}), ...(settlement ? { settlement } : {}) });
}

/** The citizen's claim receipt, and the alerts a person must act on. */
function afterClaim(deps: ClaimDeps, claim: CashClaim, byReconciler: boolean): void {
  deps.printer.printClaimReceipt(claim).catch((e: unknown) => deps.log.error('cash.claim_receipt_failed', { claimId: claim.claimId, error: e }));
  if (claim.kind === 'unknown') {
    deps.alerts.raise({ code: 'cash.claimUnknownAmount', severity: 'critical', detail: `txn ${claim.txnId} on ${claim.deviceId}: ${claim.reason}` });
  } else if (byReconciler) {
    // A cash-in the kiosk's own crash interrupted: someone should know before the citizen calls.
    deps.alerts.raise({ code: 'cash.claimAfterInterruption', severity: 'warning', detail: `txn ${claim.txnId} on ${claim.deviceId}: ${claim.amountFen} fen owed back (${claim.reason})` });
  }
  deps.log.warn('cash.claim_filed', { claimId: claim.claimId, txnId: claim.txnId, kind: claim.kind, amountFen: claim.amountFen });
}
