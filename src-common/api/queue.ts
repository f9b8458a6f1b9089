// The outbox queue as seen by the technician's screens and scripts (design.md §6).
import { z } from 'zod';
import { defineMethod } from './contract';

export const QueueStatus = z.object({
  /** Records waiting to be sent (including those backing off or held behind an earlier one of their case). */
  pending: z.number().int().nonnegative(),
  /** Records in a push whose answer has not arrived. */
  inFlight: z.number().int().nonnegative(),
  /** Records the platform rejected as invalid, waiting for a technician (`Queue.RetryDead`). */
  deadLetter: z.number().int().nonnegative(),
  /** Records the platform holds. */
  acknowledged: z.number().int().nonnegative(),
  oldestPendingAgeSeconds: z.number().nonnegative().nullable(),
  /** UTC ISO-8601 time of the last successful push, or null. */
  lastSyncAt: z.string().nullable(),
  platformOnline: z.boolean(),
  /** When the engine will try again after a failure (UTC ISO-8601), or null. */
  nextAttemptAt: z.string().nullable(),
  /** Why new work is refused (storage full), or null. */
  refusingNewWork: z.string().nullable(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

export const queueMethods = {
  'Queue.Status': defineMethod({
    name: 'Queue.Status',
    input: z.object({}).strict(),
    output: QueueStatus,
    summary: 'Outbox depth, dead letters, oldest pending age and last sync time.',
  }),
  'Queue.RetryDead': defineMethod({
    name: 'Queue.RetryDead',
    input: z.object({}).strict(),
    output: z.object({ revived: z.number().int().nonnegative() }),
    errors: [
      'storageError', // the database refused the write (disk full, I/O error)
    ],
    summary: 'Technician: puts every dead letter back in the queue, in its original order.',
  }),
  'Queue.Flush': defineMethod({
    name: 'Queue.Flush',
    input: z.object({}).strict(),
    output: z.object({ outcome: z.enum(['drained', 'failed', 'storageError']), delivered: z.number().int().nonnegative(), detail: z.string().optional() }),
    summary: 'Pushes the queue to the platform now, ignoring the retry backoff.',
  }),
} as const;
