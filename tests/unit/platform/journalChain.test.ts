// Verifying a replicated cash journal entry against the chain the platform holds: each way a
// journal can be changed on the kiosk gets its own verdict.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type CashJournalEntryPayload } from '../../../src-common/wire/cashJournalWire';
import { judgeEntry, type ReplicaHead } from '../../../platform/server/monitoring/journalChain';

const h = (c: string) => c.repeat(64);
const entry = (seq: number, prevHash: string, hash: string): CashJournalEntryPayload => ({ seq, at: '2026-11-26T08:00:00.000Z', txnId: 'T1', body: { kind: 'txnStarted' }, prevHash, hash });
const head: ReplicaHead = { headSeq: 5, headHash: h('5'), anchoredAtSeq: 1, broken: false };

describe('judgeEntry', () => {
  it('appends the first entry from the genesis hash, or anchors a journal older than replication', () => {
    expect(judgeEntry(undefined, entry(1, GENESIS_HASH, h('1')), h('1'), undefined)).toEqual({ kind: 'append', verified: true });
    expect(judgeEntry(undefined, entry(1, h('9'), h('1')), h('1'), undefined)).toMatchObject({ kind: 'appendBroken' });
    expect(judgeEntry(undefined, entry(40, h('9'), h('a')), h('a'), undefined)).toEqual({ kind: 'append', verified: true });
  });

  it('appends the next entry chained onto the head, verified only while the chain never broke', () => {
    expect(judgeEntry(head, entry(6, h('5'), h('6')), h('6'), undefined)).toEqual({ kind: 'append', verified: true });
    expect(judgeEntry({ ...head, broken: true }, entry(6, h('5'), h('6')), h('6'), undefined)).toEqual({ kind: 'append', verified: false });
  });

  it('calls a rewrite, a cut, an altered body and a second copy by their names', () => {
    expect(judgeEntry(head, entry(6, h('4'), h('6')), h('6'), undefined)).toEqual({ kind: 'appendBroken', reason: 'entry 6 does not chain onto entry 5: an earlier entry was rewritten on the kiosk' });
    expect(judgeEntry(head, entry(8, h('7'), h('8')), h('8'), undefined)).toEqual({ kind: 'appendBroken', reason: "entries 6–7 are missing: removed from the kiosk's journal" });
    expect(judgeEntry(head, entry(7, h('6'), h('7')), h('7'), undefined)).toEqual({ kind: 'appendBroken', reason: "entry 6 is missing: removed from the kiosk's journal" });
    expect(judgeEntry(head, entry(6, h('5'), h('6')), h('f'), undefined)).toEqual({ kind: 'appendBroken', reason: 'entry 6: its hash does not match its content (altered after it was hashed)' });
    expect(judgeEntry(head, entry(3, h('2'), h('3')), h('3'), h('3'))).toEqual({ kind: 'repeat' });
    expect(judgeEntry(head, entry(3, h('2'), h('c')), h('c'), h('3'))).toEqual({ kind: 'conflict', reason: "entry 3 differs from the copy received before: the kiosk's journal was rewritten" });
    expect(judgeEntry({ ...head, anchoredAtSeq: 4 }, entry(2, h('1'), h('2')), h('2'), undefined)).toEqual({ kind: 'conflict', reason: 'entry 2 arrived after replication began at entry 4' });
  });
});
