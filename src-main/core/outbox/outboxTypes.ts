// The outbox's public types: what a domain enqueues, and what the queue reports.

/** What a domain hands the outbox: one business fact to deliver to the platform exactly once. */
export interface OutboxRecord {
  /** Ordering scope: later records of one stream are never delivered before earlier ones. */
  readonly streamKey: string;
  /** Dotted event kind, e.g. `application.submitted`. */
  readonly kind: string;
  /** Non-PII metadata; stored in clear and kept after the PII is purged. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Personal data (names, ID numbers, addresses, photos…): encrypted at rest, purged after
   *  acknowledgement plus `privacy.retentionHours`. */
  readonly pii?: Readonly<Record<string, unknown>>;
  /** When it happened (UTC ISO-8601); default now. */
  readonly occurredAt?: string;
}

/** A record the outbox refuses before writing it: its kind is not registered or its body is invalid. */
export interface InvalidOutboxRecord {
  readonly kind: 'invalidRecord';
  /** Technician-facing: the kind and what is wrong (never the PII itself). */
  readonly message: string;
}

export interface EnqueuedJob {
  readonly jobId: number;
  readonly idempotencyKey: string;
  readonly streamKey: string;
  readonly streamSeq: number;
}

export interface QueueStatus {
  /** Waiting to be sent (includes jobs held back by backoff or by an earlier job of their stream). */
  readonly pending: number;
  /** In a push whose answer has not arrived. */
  readonly inFlight: number;
  /** Rejected by the platform as invalid; waiting for a technician. */
  readonly deadLetter: number;
  readonly acknowledged: number;
  readonly oldestPendingAgeSeconds: number | null;
  readonly lastSyncAt: string | null;
  /** Present while new work is refused (disk full). */
  readonly refusingNewWork: string | null;
}

/** A dead letter, for the technician's listing. */
export interface DeadLetter {
  readonly jobId: number;
  readonly idempotencyKey: string;
  readonly streamKey: string;
  readonly kind: string;
  readonly reason: string;
  readonly deadAt: string;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
