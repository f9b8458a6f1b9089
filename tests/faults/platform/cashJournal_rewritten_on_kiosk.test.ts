// Fault: someone with the kiosk's disk rewrites its cash journal (issue #12 item 4). The journal
// is replicated entry by entry through the real outbox and sync engine; on the kiosk the rewrite
// is made consistent (triggers dropped, hashes recomputed), so the kiosk's own verify passes, but
// the platform holds the original chain: the next entry no longer meets it, a cut journal repeats
// a sequence number, and the platform raises journalMismatch.
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { fen } from '../../../src-common/domain/money';
import { unwrap } from '../../../src-common/result';
import type { Alert } from '../../../src-common/wire/monitoringWire';
import { CashJournal, entryHash, GENESIS_HASH, type JournalBody } from '../../../src-main/core/payments/cashJournal';
import { outboxJournalReplicator } from '../../../src-main/core/payments/journalReplication';
import { startTestPlatform } from '../../support/platformDatabase';
import { openKiosk, provision, tempDir, type KioskUnderTest } from '../../integration/sync/support/syncHarness';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function setup(): Promise<{ platform: PlatformServer; kiosk: KioskUnderTest; kioskId: string; journal: () => CashJournal }> {
  const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'journal-token' });
  open.push(() => platform.close());
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const kioskId = await provision(kiosk, platform);
  // A fresh CashJournal reads the chain head from disk, as the core does after a restart.
  const journal = () => unwrap(CashJournal.fromDatabase(kiosk.stack.db, { replicate: outboxJournalReplicator(kiosk.stack.outbox, kiosk.stack.db) }));
  return { platform, kiosk, kioskId, journal };
}

/** One paid cash-in of `notes` 10-yuan notes. */
function cashIn(journal: CashJournal, txnId: string, notes: number): void {
  unwrap(journal.append(txnId, { kind: 'txnStarted', dueFen: fen(notes * 1000), deviceId: 'cash-1', stackedCounterAtStart: null }));
  for (let i = 1; i <= notes; i++) unwrap(journal.append(txnId, { kind: 'noteStacked', valueFen: fen(1000), channel: 2, paidFen: fen(i * 1000), source: 'credit' }));
  unwrap(journal.append(txnId, { kind: 'txnEnded', status: 'paid', paidFen: fen(notes * 1000)}));
}

async function sync(kiosk: KioskUnderTest): Promise<void> {
  expect((await kiosk.engine.flushNow()).kind).toBe('drained');
  expect(kiosk.stack.outbox.status().pending).toBe(0);
}

/**
 * What a careful forger does on the kiosk: drops the append-only triggers, changes one entry's
 * body and recomputes every hash from there on, so `budayang journal verify` still passes.
 */
function rewriteEntry(db: Database.Database, seq: number, body: JournalBody): void {
  db.exec('DROP TRIGGER cash_journal_no_update; DROP TRIGGER cash_journal_no_delete;');
  const rows = db.prepare('SELECT seq, at, txn_id, body FROM cash_journal ORDER BY seq').all() as Array<{ seq: number; at: string; txn_id: string; body: string }>;
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const entryBody = row.seq === seq ? body : (JSON.parse(row.body) as JournalBody);
    const hash = entryHash(prev, { seq: row.seq, at: row.at, txnId: row.txn_id, body: entryBody });
    db.prepare('UPDATE cash_journal SET body = ?, kind = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(entryBody), entryBody.kind, prev, hash, row.seq);
    prev = hash;
  }
}

async function journalAlerts(platform: PlatformServer, kioskId: string): Promise<Alert[]> {
  const res = await fetch(`${platform.url}/admin/alerts?code=journalMismatch&kioskId=${kioskId}`, { headers: { authorization: `Bearer ${platform.adminToken}` } });
  return ((await res.json()) as { alerts: Alert[] }).alerts;
}

async function replicaStatus(platform: PlatformServer, kioskId: string): Promise<{ headSeq: number; brokenAtSeq: number | null; conflicts: number }> {
  const res = await fetch(`${platform.url}/admin/kiosks/${kioskId}/cash-journal`, { headers: { authorization: `Bearer ${platform.adminToken}` } });
  return (await res.json()) as { headSeq: number; brokenAtSeq: number | null; conflicts: number };
}

describe('cash journal rewritten on the kiosk', () => {
  it('verifies an untouched journal entry by entry, with no alert', async () => {
    const { platform, kiosk, kioskId, journal } = await setup();
    const j = journal();
    cashIn(j, 'T1', 2);
    await sync(kiosk);
    cashIn(j, 'T2', 1);
    await sync(kiosk);
    expect(await replicaStatus(platform, kioskId)).toMatchObject({ headSeq: 7, brokenAtSeq: null, conflicts: 0 });
    const verified = await platform.store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cash_journal_entries WHERE kiosk_id = $1 AND verified', [kioskId]);
    expect(verified[0]!.n).toBe(7);
    expect(await journalAlerts(platform, kioskId)).toEqual([]);
  });

  it('raises journalMismatch when the next entry does not chain onto the copy the platform holds', async () => {
    const { platform, kiosk, kioskId, journal } = await setup();
    cashIn(journal(), 'T1', 2);
    await sync(kiosk);
    // A 10-yuan note becomes a 5-yuan note (5 yuan pocketed), hashes recomputed.
    rewriteEntry(kiosk.stack.db, 2, { kind: 'noteStacked', valueFen: fen(500), channel: 1, paidFen: fen(500), source: 'credit' });
    expect(journal().verify().ok).toBe(true);
    expect(await journalAlerts(platform, kioskId)).toEqual([]);
    cashIn(journal(), 'T2', 1);
    await sync(kiosk);
    const [alert] = await journalAlerts(platform, kioskId);
    expect(alert).toMatchObject({ code: 'journalMismatch', subject: 'cashJournal', severity: 'critical', state: 'open', source: 'journal', detail: { seq: 5, txnId: 'T2' } });
    expect(String(alert!.detail.reason)).toContain('does not chain onto entry 4');
    expect(await replicaStatus(platform, kioskId)).toMatchObject({ headSeq: 7, brokenAtSeq: 5 });
    // The original note is what the platform kept.
    const [kept] = await platform.store.db.query<{ value: string }>("SELECT body->>'valueFen' AS value FROM cash_journal_entries WHERE kiosk_id = $1 AND seq = 2", [kioskId]);
    expect(kept!.value).toBe('1000');
  });

  it('raises journalMismatch when entries are cut from the end and the journal goes on from there', async () => {
    const { platform, kiosk, kioskId, journal } = await setup();
    cashIn(journal(), 'T1', 3);
    await sync(kiosk);
    kiosk.stack.db.exec('DROP TRIGGER cash_journal_no_delete; DELETE FROM cash_journal WHERE seq >= 4;');
    expect(journal().verify().ok).toBe(true);
    cashIn(journal(), 'T2', 1);
    await sync(kiosk);
    const alerts = await journalAlerts(platform, kioskId);
    // One open alert for the three entries that did not verify: 4 and 5 are second, different
    // copies of entries the platform holds; 6 chains onto the kiosk's new 5, not the held one.
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.occurrences).toBe(3);
    expect(String(alerts[0]!.detail.reason)).toContain('entry 6 does not chain onto entry 5');
    expect(await replicaStatus(platform, kioskId)).toMatchObject({ headSeq: 6, brokenAtSeq: 4, conflicts: 2 });
    // The copies are kept aside as evidence; the first copies stay in the replica.
    const conflicts = await platform.store.db.query<{ seq: number; reason: string }>('SELECT seq, reason FROM cash_journal_conflicts WHERE kiosk_id = $1 ORDER BY seq', [kioskId]);
    expect(conflicts.map((c) => c.seq)).toEqual([4, 5]);
    expect(conflicts[0]!.reason).toContain('entry 4 differs from the copy received before');
    const [held] = await platform.store.db.query<{ txn: string }>('SELECT txn_id AS txn FROM cash_journal_entries WHERE kiosk_id = $1 AND seq = 4', [kioskId]);
    expect(held!.txn).toBe('T1');
  });
});
