// Files a cash claim: journal entry first (the evidence), then the outbox record, the citizen's
// claim receipt and, for an unknown amount, an operator alert.
import { ulid } from 'ulid';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { CashJournal } from './cashJournal';
import type { AlertSink, CashClaim, ClaimReceiptPrinter, OutboxWriter } from './claims';

export interface ClaimDeps {
  readonly journal: CashJournal;
  readonly outbox: OutboxWriter;
  readonly printer: ClaimReceiptPrinter;
  readonly alerts: AlertSink;
  readonly log: Logger;
}

export function fileClaim(deps: ClaimDeps, claim: Omit<CashClaim, 'claimId' | 'createdAt'>): Result<CashClaim, Error> {
  const full: CashClaim = { ...claim, claimId: ulid(), createdAt: new Date().toISOString() };
  const body = { kind: 'claimCreated', claimId: full.claimId, claimKind: full.kind, amountFen: full.amountFen, reason: full.reason } as const;
  const job = { kind: 'cash.claimCreated', streamKey: `cash:${claim.txnId}`, payload: { ...full } };
  let written: Result<unknown, Error> | undefined;
  if (deps.outbox.database && deps.outbox.database === deps.journal.db) {
    // One transaction: the evidence and the record the platform will see, or neither.
    try {
      written = deps.journal.db.transaction(() => {
        const appended = deps.journal.append(claim.txnId, body);
        if (!appended.ok) throw appended.error;
        deps.outbox.enqueue(job);
        return appended;
      })();
    } catch (e) {
      deps.journal.resync();
      deps.log.error('cash.claim_outbox_failed', { claimId: full.claimId, error: e });
      written = undefined;
    }
  }
  if (!written) {
    written = deps.journal.append(claim.txnId, body);
    if (written.ok && !(deps.outbox.database && deps.outbox.database === deps.journal.db)) {
      try {
        deps.outbox.enqueue(job);
      } catch (e) {
        deps.log.error('cash.claim_outbox_failed', { claimId: full.claimId, error: e });
      }
    }
  }
  if (!written.ok) {
    deps.alerts.raise({ code: 'cash.claimNotJournaled', severity: 'critical', detail: `txn ${claim.txnId}: ${written.error.message}; owed ${claim.amountFen} fen` });
    return err(written.error);
  }
  deps.printer.printClaimReceipt(full).catch((e: unknown) => deps.log.error('cash.claim_receipt_failed', { claimId: full.claimId, error: e }));
  if (full.kind === 'unknown') {
    deps.alerts.raise({ code: 'cash.claimUnknownAmount', severity: 'critical', detail: `txn ${claim.txnId} on ${claim.deviceId}: ${claim.reason}` });
  }
  deps.log.warn('cash.claim_filed', { claimId: full.claimId, txnId: claim.txnId, kind: full.kind, amountFen: full.amountFen });
  return ok(full);
}
