// The cash journal replicated through the outbox (issue #12 item 4), on a real kiosk database:
// every entry is queued as a `cash.journalEntry` in its own transaction, in journal order on one
// stream, with a hash the platform can recompute from the payload alone; when the outbox write
// fails the entry is not written either, and the chain head stays where it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { fen } from '../../../src-common/domain/money';
import { unwrap } from '../../../src-common/result';
import { CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, CashJournalEntryPayload, GENESIS_HASH, journalHashInput } from '../../../src-common/wire/cashJournalWire';
import { CashJournal, type JournalReplicator } from '../../../src-main/core/payments/cashJournal';
import { outboxJournalReplicator } from '../../../src-main/core/payments/journalReplication';
import { openSyncStack, type SyncStack } from '../../../src-main/core/sync/openSyncStack';

const stacks: SyncStack[] = [];
afterEach(() => {
  for (const s of stacks.splice(0)) s.close();
});

function openStack(): SyncStack {
  const stack = unwrap(openSyncStack({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'journal-repl-')), log: silentLogger }));
  stacks.push(stack);
  return stack;
}

describe('cash journal replication', () => {
  it('queues every entry as cash.journalEntry, in order, with a hash recomputable from the payload', () => {
    const stack = openStack();
    const journal = unwrap(CashJournal.fromDatabase(stack.db, { replicate: outboxJournalReplicator(stack.outbox, stack.db) }));
    unwrap(journal.append('T1', { kind: 'txnStarted', dueFen: fen(3000), deviceId: 'cash1', stackedCounterAtStart: 7 }));
    unwrap(journal.append('T1', { kind: 'noteStacked', valueFen: fen(2000), channel: 3, paidFen: fen(2000), source: 'credit' }));
    unwrap(journal.append('T1', { kind: 'txnEnded', status: 'canceled', paidFen: fen(2000)}));

    const events = unwrap(stack.outbox.takeBatch(10)).map((t) => t.event);
    expect(events.map((e) => [e.kind, e.streamKey, e.streamSeq])).toEqual([
      [CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, 1],
      [CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, 2],
      [CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, 3],
    ]);
    let prev = GENESIS_HASH;
    for (const [i, event] of events.entries()) {
      const entry = CashJournalEntryPayload.parse(event.payload);
      expect(entry.seq).toBe(i + 1);
      expect(entry.prevHash).toBe(prev);
      // What the platform does: recompute from the wire payload (after a JSON round trip).
      const roundTripped = JSON.parse(JSON.stringify(entry)) as typeof entry;
      expect(createHash('sha256').update(journalHashInput(roundTripped.prevHash, roundTripped)).digest('hex')).toBe(entry.hash);
      prev = entry.hash;
    }
    expect(event(events, 0).body).toEqual({ kind: 'txnStarted', dueFen: 3000, deviceId: 'cash1', stackedCounterAtStart: 7 });
    expect(journal.verify().ok).toBe(true);
  });

  it('writes neither the entry nor its replica when queueing fails, and continues the chain from the last good entry', () => {
    const stack = openStack();
    const real = outboxJournalReplicator(stack.outbox, stack.db);
    let failNext = false;
    const replicate: JournalReplicator = (entry) => {
      if (failNext) throw new Error('SQLITE_FULL: database or disk is full');
      real(entry);
    };
    const journal = unwrap(CashJournal.fromDatabase(stack.db, { replicate }));
    unwrap(journal.append('T1', { kind: 'txnStarted', dueFen: fen(1000), deviceId: 'cash1', stackedCounterAtStart: null }));
    failNext = true;
    const failed = journal.append('T1', { kind: 'noteAccepting', valueFen: fen(1000), channel: 2 });
    expect(failed.ok).toBe(false);
    expect(journal.entries()).toHaveLength(1);
    expect(stack.outbox.status().pending).toBe(1);
    failNext = false;
    const next = unwrap(journal.append('T1', { kind: 'txnEnded', status: 'failed', paidFen: fen(0)}));
    expect(next.seq).toBe(2);
    expect(next.prevHash).toBe(journal.entries()[0]!.hash);
    expect(journal.verify().ok).toBe(true);
    expect(unwrap(stack.outbox.takeBatch(10)).map((t) => CashJournalEntryPayload.parse(t.event.payload).seq)).toEqual([1, 2]);
  });

  it('commits an entry and its replica with the caller when appended inside a caller transaction, and rolls both back with it', () => {
    const stack = openStack();
    const journal = unwrap(CashJournal.fromDatabase(stack.db, { replicate: outboxJournalReplicator(stack.outbox, stack.db) }));
    expect(() =>
      stack.db.transaction(() => {
        unwrap(journal.append('T9', { kind: 'claimCreated', claimId: 'C1', claimKind: 'refund', amountFen: fen(500), reason: 'test' }));
        throw new Error('the caller failed after the append');
      })(),
    ).toThrow('the caller failed');
    journal.resync();
    expect(journal.entries()).toHaveLength(0);
    expect(stack.outbox.status().pending).toBe(0);
    unwrap(journal.append('T9', { kind: 'claimCreated', claimId: 'C2', claimKind: 'refund', amountFen: fen(500), reason: 'test' }));
    expect(journal.entries().map((e) => e.seq)).toEqual([1]);
    expect(stack.outbox.status().pending).toBe(1);
  });
});

function event(events: readonly { payload: Record<string, unknown> }[], index: number): { body: unknown } {
  return CashJournalEntryPayload.parse(events[index]!.payload);
}
