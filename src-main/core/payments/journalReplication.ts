// Replicates the cash journal to the platform (issue #12 item 4): every entry becomes one
// `cash.journalEntry` outbox event, queued in the entry's own transaction, on one stream so the
// platform receives them in journal order and re-verifies the hash chain there.
import type Database from 'better-sqlite3';
import { CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, type CashJournalEntryPayload } from '../../../src-common/wire/cashJournalWire';
import type { Outbox } from '../outbox/Outbox';
import type { JournalReplicator } from './cashJournal';

/** A replicator for a journal kept in `db`, the outbox's own database (one transaction for both). */
export function outboxJournalReplicator(outbox: Outbox, db: Database.Database): JournalReplicator {
  return (entry) => {
    const payload: CashJournalEntryPayload = { seq: entry.seq, at: entry.at, txnId: entry.txnId, body: entry.body, prevHash: entry.prevHash, hash: entry.hash };
    outbox.enqueueInTransaction(db, { kind: CASH_JOURNAL_ENTRY_KIND, streamKey: CASH_JOURNAL_STREAM, payload, occurredAt: entry.at });
  };
}
