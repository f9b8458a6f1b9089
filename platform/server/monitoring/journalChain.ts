// Verifying a kiosk's replicated cash journal entry by entry (issue #12 item 4), pure: given the
// chain head the platform holds, the copy it holds of the same entry (if any) and the hash
// recomputed from the entry's content, decide what to do with an arriving entry. Entries arrive in
// journal order (one outbox stream), so anything but "the next entry, chained onto the head" is
// a journal changed on the kiosk: rewritten (a different copy, or a chain that no longer meets the
// head) or cut (entries missing).
import { GENESIS_HASH, type CashJournalEntryPayload } from '../../../src-common/wire/cashJournalWire';

/** The last entry the platform holds of a kiosk's journal. */
export interface ReplicaHead {
  readonly headSeq: number;
  readonly headHash: string;
  /** Replication began at this seq (1, or later for a journal older than replication). */
  readonly anchoredAtSeq: number;
  /** A break was seen: later entries can no longer be called verified. */
  readonly broken: boolean;
}

export type EntryVerdict =
  // the next entry: store it and move the head; `verified` while the chain holds back to its anchor
  | { readonly kind: 'append'; readonly verified: boolean }
  // the same entry received again (same seq, same hash): nothing to do
  | { readonly kind: 'repeat' }
  // a different copy of an entry already held (or older than the anchor): keep it aside, alert
  | { readonly kind: 'conflict'; readonly reason: string }
  // a new entry that breaks the chain: store it unverified (the money in it is real), move the head, alert
  | { readonly kind: 'appendBroken'; readonly reason: string };

export function judgeEntry(head: ReplicaHead | undefined, entry: CashJournalEntryPayload, recomputedHash: string, heldHash: string | undefined): EntryVerdict {
  const isNew = head === undefined || entry.seq > head.headSeq;
  if (recomputedHash !== entry.hash) {
    const reason = `entry ${entry.seq}: its hash does not match its content (altered after it was hashed)`;
    return isNew ? { kind: 'appendBroken', reason } : { kind: 'conflict', reason };
  }
  if (head === undefined) {
    if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) return { kind: 'appendBroken', reason: 'entry 1 does not start from the genesis hash' };
    // seq > 1: the journal is older than replication; the chain is verified from here on.
    return { kind: 'append', verified: true };
  }
  if (entry.seq <= head.headSeq) {
    if (heldHash === undefined) return { kind: 'conflict', reason: `entry ${entry.seq} arrived after replication began at entry ${head.anchoredAtSeq}` };
    return heldHash === entry.hash ? { kind: 'repeat' } : { kind: 'conflict', reason: `entry ${entry.seq} differs from the copy received before: the kiosk's journal was rewritten` };
  }
  if (entry.seq > head.headSeq + 1) {
    const missing = entry.seq - 1 === head.headSeq + 1 ? `entry ${head.headSeq + 1} is` : `entries ${head.headSeq + 1}–${entry.seq - 1} are`;
    return { kind: 'appendBroken', reason: `${missing} missing: removed from the kiosk's journal` };
  }
  if (entry.prevHash !== head.headHash) {
    return { kind: 'appendBroken', reason: `entry ${entry.seq} does not chain onto entry ${head.headSeq}: an earlier entry was rewritten on the kiosk` };
  }
  return { kind: 'append', verified: !head.broken };
}
