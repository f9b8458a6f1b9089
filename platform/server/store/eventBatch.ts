// The per-item decisions of one event push, as a pure function of what the database already
// holds: which keys it knows and where each stream stands. Per stream an event is accepted only
// as the next in sequence; once one event of a stream is refused in a batch, its later events
// are refused as retryable so none overtakes it.
import type { WireEvent } from '../../../src-common/wire/wire';

/** One received item: a valid event, or one already refused by the item checks. */
export type BatchItem =
  // passed the wire schema, the registry and the size and depth caps
  | { readonly valid: true; readonly event: WireEvent }
  // refused before storage; `streamKey` when it could be read, so later events of it wait
  | { readonly valid: false; readonly idempotencyKey: string; readonly streamKey?: string; readonly reason: string };

/** Outcome of storing one event, before it becomes a wire result. */
export type StoreOutcome =
  // stored for the first time
  | { readonly status: 'accepted' }
  // the same idempotency key was stored before
  | { readonly status: 'duplicate' }
  // refused; `retryable` false means the event itself is wrong
  | { readonly status: 'rejected'; readonly reason: string; readonly retryable: boolean };

export interface BatchDecision {
  readonly outcomes: readonly StoreOutcome[];
  /** The events to store, in item order. */
  readonly accepted: readonly WireEvent[];
  /** New last seq of every stream that moved. */
  readonly heads: ReadonlyMap<string, number>;
}

export function decideBatch(items: readonly BatchItem[], knownKeys: ReadonlySet<string>, storedHeads: ReadonlyMap<string, number>): BatchDecision {
  const blocked = new Set<string>();
  const heads = new Map<string, number>();
  const seen = new Set(knownKeys);
  const accepted: WireEvent[] = [];
  const outcomes = items.map((item): StoreOutcome => {
    if (!item.valid) {
      if (item.streamKey) blocked.add(item.streamKey);
      return { status: 'rejected', reason: item.reason, retryable: false };
    }
    const event = item.event;
    if (seen.has(event.idempotencyKey)) return { status: 'duplicate' };
    if (blocked.has(event.streamKey)) return { status: 'rejected', reason: 'blockedByEarlier: an earlier event of this stream was not stored', retryable: true };
    const last = heads.get(event.streamKey) ?? storedHeads.get(event.streamKey) ?? 0;
    if (event.streamSeq <= last) {
      blocked.add(event.streamKey);
      return { status: 'rejected', reason: `outOfOrder: stream ${event.streamKey} is past seq ${event.streamSeq} (at ${last}) under another key`, retryable: false };
    }
    if (event.streamSeq > last + 1) {
      blocked.add(event.streamKey);
      return { status: 'rejected', reason: `gap: stream ${event.streamKey} waits for seq ${last + 1}, got ${event.streamSeq}`, retryable: true };
    }
    seen.add(event.idempotencyKey);
    heads.set(event.streamKey, event.streamSeq);
    accepted.push(event);
    return { status: 'accepted' };
  });
  return { outcomes, accepted, heads };
}
