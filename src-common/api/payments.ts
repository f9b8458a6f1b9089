// Payment methods of the API. Cash (bill acceptor) lives here; QR payment methods are added
// beside them by the QR payments domain (`Qr.*`), sharing the outcome vocabulary below.
import { z } from 'zod';
import { FenSchema } from '../domain/money';
import { defineMethod } from './contract';

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
  amountFen: FenSchema,
});

export const CashDeviceProblem = z.enum([
  'disconnected', // the acceptor stopped answering
  'jam', // a note is stuck in the acceptor
  'stackerFull', // the cash box is full
  'cashboxRemoved', // the cash box was taken out
  'fraudAttempt', // the acceptor reports tampering (string, fishing)
  'disabled', // the acceptor disabled itself
  'journalWriteFailed', // a stacked note could not be journaled: acceptance stopped at once
]);
export type CashDeviceProblem = z.infer<typeof CashDeviceProblem>;

/** Why a cash-in could not start. */
export const CASH_START_ERRORS = [
  'noAcceptor', // this kiosk has no bill acceptor
  'acceptorUnavailable', // the bill acceptor is not connected or not ready
  'cashInRunning', // another cash-in is in progress
  'invalidAmount', // the amount due is not a positive whole number of fen
  'journalUnavailable', // the cash journal cannot be written: no cash is taken that cannot be recorded
] as const;
export type CashStartErrorCode = (typeof CASH_START_ERRORS)[number];

export const CashInResult = z.object({
  txnId: z.string(),
  status: CashInStatus,
  dueFen: FenSchema,
  paidFen: FenSchema,
  notes: z.array(z.object({ valueFen: FenSchema })),
  rejected: z.array(z.object({ valueFen: FenSchema })),
  claim: CashClaimInfo.optional(),
  /** Technician-facing cause when failed (English, for logs; never shown to a citizen). */
  reason: z.string().optional(),
});
export type CashInResult = z.infer<typeof CashInResult>;

export const paymentsMethods = {
  'Cash.Start': defineMethod({
    name: 'Cash.Start',
    input: z.object({ dueFen: FenSchema.refine((v) => v > 0 && v <= 10_000_000, 'between 1 fen and 100,000 yuan'), timeoutSeconds: z.number().int().min(10).max(900).optional() }).strict(),
    output: CashInResult,
    events: {
      /** A note is held in escrow while the kiosk decides. */
      noteEscrowed: z.object({ valueFen: FenSchema }),
      /** A note is in the cash box and journaled: show the new total. */
      noteStacked: z.object({ valueFen: FenSchema, paidFen: FenSchema, remainingFen: FenSchema }),
      /** A note was returned because it exceeds what is still due (the screen names the largest note that fits). */
      noteRejected: z.object({ valueFen: FenSchema, maxAcceptableFen: FenSchema }),
      /** The acceptor has a problem; the completion follows when it stops the cash-in. `detail` is for technicians. */
      deviceProblem: z.object({ problem: CashDeviceProblem, detail: z.string() }),
    },
    errors: CASH_START_ERRORS,
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
    input: z.object({ valueFen: FenSchema.refine((v) => v > 0 && v <= 1_000_000, 'between 1 fen and 10,000 yuan'), deviceId: z.string().optional() }).strict(),
    output: z.object({ queued: z.boolean() }),
    errors: [
      'productionMode', // simulators are refused in production
      'notSimulated', // no simulated bill acceptor (with this id) is configured
    ],
    summary: 'Demo developer panel: puts a note into the simulated bill acceptor (refused in production).',
  }),
} as const;
