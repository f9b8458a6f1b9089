// A cash-in as the API reports it (Cash.Start, Fee.PayCash) and the CLI prints it: the finished
// outcome, or the method's error when it could not start.
import { apiError } from '../../../src-common/api/envelope';
import type { CashInResult } from '../../../src-common/api/payments';
import { describeCashInRefusal, type CashInOutcome, type CashInRefusal } from './CashInTransaction';

export function toCashInResult(outcome: CashInOutcome): CashInResult {
  return {
    txnId: outcome.txnId,
    status: outcome.status,
    dueFen: outcome.dueFen,
    paidFen: outcome.paidFen,
    notes: outcome.notes.map((n) => ({ valueFen: n.valueFen })),
    rejected: outcome.rejected.map((n) => ({ valueFen: n.valueFen })),
    ...(outcome.claim ? { claim: { claimId: outcome.claim.claimId, kind: outcome.claim.kind, amountFen: outcome.claim.amountFen } } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}

/** A refused cash-in as the method's error: completion code and error code from the refusal's kind. */
export function cashInRefusalError(refusal: CashInRefusal) {
  switch (refusal.kind) {
    case 'cashInRunning':
      return apiError('sequenceError', 'cashInRunning', describeCashInRefusal(refusal));
    case 'acceptorUnavailable':
      return apiError('deviceNotReady', 'acceptorUnavailable', describeCashInRefusal(refusal));
    case 'invalidAmount':
      return apiError('invalidData', 'invalidAmount', describeCashInRefusal(refusal));
    case 'journalUnavailable':
      return apiError('hardwareError', 'journalUnavailable', describeCashInRefusal(refusal));
  }
}
