// Payment methods of the API. Cash (bill acceptor) lives here; QR payment methods are added
// beside them by the QR payments domain (`Qr.*`), sharing the outcome vocabulary below.
import { z } from 'zod';
import { defineMethod } from './contract';

const FenAmount = z.number().int().nonnegative();

export const CashInStatus = z.enum([
  'paid', // the full amount was stacked and journaled
  'canceled', // the citizen canceled; anything stacked is a refund claim
  'timedOut', // no full payment in time; anything stacked is a refund claim
  'failed', // a device fault or journal failure stopped acceptance; see `reason`
]);
export type CashInStatus = z.infer<typeof CashInStatus>;

export const CashClaimInfo = z.object({
  claimId: z.string(),
  kind: z.enum(['refund', 'unknown']),
  amountFen: FenAmount,
});

export const CashInResult = z.object({
  txnId: z.string(),
  status: CashInStatus,
  dueFen: FenAmount,
  paidFen: FenAmount,
  notes: z.array(z.object({ valueFen: FenAmount })),
  rejected: z.array(z.object({ valueFen: FenAmount })),
  claim: CashClaimInfo.optional(),
  /** Technician-facing cause when failed (English). */
  reason: z.string().optional(),
});
export type CashInResult = z.infer<typeof CashInResult>;

export const CashDeviceProblem = z.enum(['disconnected', 'jam', 'stackerFull', 'cashboxRemoved', 'fraudAttempt', 'disabled', 'journalWriteFailed']);

export const paymentsMethods = {
  'Cash.Start': defineMethod({
    name: 'Cash.Start',
    input: z.object({ dueFen: z.number().int().positive().max(10_000_000), timeoutSeconds: z.number().int().min(10).max(900).optional() }).strict(),
    output: CashInResult,
    events: {
      /** A note is held in escrow while the kiosk decides. */
      noteEscrowed: z.object({ valueFen: FenAmount }),
      /** A note is in the cash box and journaled: show the new total. */
      noteStacked: z.object({ valueFen: FenAmount, paidFen: FenAmount, remainingFen: FenAmount }),
      /** A note was returned because it exceeds what is still due; `message` is for the screen. */
      noteRejected: z.object({ valueFen: FenAmount, maxAcceptableFen: FenAmount, message: z.object({ zh: z.string(), en: z.string() }) }),
      /** The acceptor has a problem; the completion follows when it stops the cash-in. */
      deviceProblem: z.object({ problem: CashDeviceProblem, detail: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }),
    },
    requiresSession: true,
    summary: 'Accepts banknotes up to dueFen, never more (no change is owed); completes when paid in full, canceled, timed out or failed.',
  }),
  'Cash.Cancel': defineMethod({
    name: 'Cash.Cancel',
    input: z.object({}).strict(),
    output: z.object({ canceled: z.boolean() }),
    requiresSession: true,
    summary: 'Cancels the running cash-in; stacked money becomes a refund claim with a printed receipt.',
  }),
  'Simulator.InsertNote': defineMethod({
    name: 'Simulator.InsertNote',
    input: z.object({ valueFen: z.number().int().positive().max(1_000_000), deviceId: z.string().optional() }).strict(),
    output: z.object({ queued: z.boolean() }),
    summary: 'Demo developer panel: puts a note into the simulated bill acceptor (refused in production).',
  }),
} as const;

/** The on-screen sentence for a returned note, Chinese first. */
export function noteTooLargeMessage(maxAcceptableFen: number): { zh: string; en: string } {
  const yuan = Math.floor(maxAcceptableFen / 100);
  return { zh: `请投入不超过 ${yuan} 元的纸币`, en: `Please insert a note of no more than ${yuan} yuan` };
}
