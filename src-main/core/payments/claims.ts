// What the cash-in needs from printing and the outbox, as small interfaces: the receipt and
// outbox services are other domains' modules and may be absent (then a logged fallback is used).
import type Database from 'better-sqlite3';
import type { Fen } from '../../../src-common/domain/money';
import type { Logger } from '../../../src-common/logging';
import type { Outbox } from '../outbox/Outbox';

/** Printed on claim receipts: the national government service hotline. */
export const CLAIM_HOTLINE = '12345';

/** A claim: money the kiosk owes a citizen back, or an amount it cannot establish. */
export interface CashClaim {
  readonly claimId: string;
  readonly txnId: string;
  /** refund: amount known; unknown: journal and device disagree, a person must count the box. */
  readonly kind: 'refund' | 'unknown';
  /** Known amount owed (for `unknown`, the journaled lower bound). */
  readonly amountFen: Fen;
  readonly dueFen: Fen;
  readonly reason: string;
  /** UTC ISO-8601. */
  readonly createdAt: string;
  readonly deviceId: string;
}

/** Prints the citizen's claim receipt (退款凭条) with the claim id to present at the counter. */
export interface ClaimReceiptPrinter {
  printClaimReceipt(claim: CashClaim): Promise<void>;
}

/**
 * Enqueues a record for the platform. When `database` is the journal's own database, the claim's
 * journal entry and its outbox job are written in one SQLite transaction; `enqueue` then runs
 * inside it and must throw to roll both back.
 */
export interface OutboxWriter {
  readonly database?: Database.Database;
  enqueue(job: { readonly kind: string; readonly streamKey: string; readonly payload: Readonly<Record<string, unknown>> }): void;
}

/** Adapts the storage module's Outbox to OutboxWriter. */
export function outboxWriterFor(outbox: Outbox, db: Database.Database): OutboxWriter {
  return {
    database: db,
    enqueue(job) {
      if (db.inTransaction) {
        outbox.enqueueInTransaction(db, { kind: job.kind, streamKey: job.streamKey, payload: job.payload });
        return;
      }
      const queued = outbox.enqueue({ kind: job.kind, streamKey: job.streamKey, payload: job.payload });
      if (!queued.ok) throw new Error(`outbox refused ${job.kind}: ${queued.error.message}`);
    },
  };
}

/** Raises an operator alert (heartbeat, technician screen). */
export interface AlertSink {
  raise(alert: { readonly code: string; readonly severity: 'warning' | 'critical'; readonly detail: string }): void;
}

/** Fallbacks when the owning services are not wired: the claim is still in the journal. */
export function loggingClaimPrinter(log: Logger): ClaimReceiptPrinter {
  return {
    async printClaimReceipt(claim) {
      log.warn('cash.claim_receipt_not_printed', { claimId: claim.claimId, amountFen: claim.amountFen, reason: 'no ClaimReceiptPrinter wired' });
    },
  };
}

export function loggingOutbox(log: Logger): OutboxWriter {
  return {
    enqueue(job) {
      log.warn('cash.outbox_not_wired', { kind: job.kind, streamKey: job.streamKey });
    },
  };
}

export function loggingAlerts(log: Logger): AlertSink {
  return {
    raise(alert) {
      log.error('cash.alert', { code: alert.code, severity: alert.severity, detail: alert.detail });
    },
  };
}
