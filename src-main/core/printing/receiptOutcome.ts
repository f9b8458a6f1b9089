// What a journey tells the citizen about a receipt: the print job's outcome, in the API's words.
import type { PrintJobRecord } from '../../../src-common/api/printing';

export interface ReceiptOutcome {
  readonly outcome: 'printed' | 'failed' | 'unknown' | 'notAttempted';
  readonly reason?: string;
}

/** A job still queued or printing when the caller stopped waiting counts as unknown, never printed. */
export function receiptOutcomeOf(job: PrintJobRecord): ReceiptOutcome {
  switch (job.state) {
    case 'printed':
      return { outcome: 'printed' };
    case 'failed':
    case 'unknown':
      return { outcome: job.state, ...(job.reason ? { reason: job.reason } : {}) };
    case 'queued':
    case 'printing':
      return { outcome: 'unknown', reason: `the print job ended in state ${job.state}` };
    default: {
      const unreachable: never = job.state;
      return { outcome: 'unknown', reason: `unexpected print state ${String(unreachable)}` };
    }
  }
}
