// The cash journal (design.md §5): append-only, hash-chained, on SQLite with synchronous=FULL so
// an entry that `append` returned is on disk. The evidence in a dispute, and the boot reconciler's
// view of every cash-in. Each entry's hash is SHA-256 over the previous hash and the canonical
// entry; triggers refuse UPDATE and DELETE so the table can only grow. With a replicator, each
// entry is also queued for the platform in the same transaction (src-common/wire/cashJournalWire.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';
import { canonicalJson, GENESIS_HASH, journalHashInput } from '../../../src-common/wire/cashJournalWire';
import type { WirePayable } from '../../../src-common/wire/paymentsWire';
import { cashMigrations } from './cashMigrations';
import { fen, type Fen } from '../../../src-common/domain/money';

export { canonicalJson, GENESIS_HASH };

/**
 * What a cash-in pays for, journaled with its start: a crash can then never separate the money in
 * the cash box from the payable it was for (the reconciler completes the payment record).
 */
export type CashInPurpose =
  // a payable of the fees domain (a case fee or a payment notice)
  { readonly kind: 'payable'; readonly payable: WirePayable; readonly itemName: { readonly zh: string; readonly en: string } };

/** One fact about a cash-in, in the order it happened. */
export type JournalBody =
  | { readonly kind: 'txnStarted'; readonly dueFen: Fen; readonly deviceId: string; readonly stackedCounterAtStart: number | null; readonly purpose?: CashInPurpose } // acceptor about to be enabled; purpose absent for a bare Cash.Start
  | { readonly kind: 'noteAccepting'; readonly valueFen: Fen; readonly channel: number } // write-ahead: about to let the unit stack this note
  | { readonly kind: 'noteStacked'; readonly valueFen: Fen; readonly channel: number; readonly paidFen: Fen; readonly source: 'credit' | 'reconciled' } // counted
  | { readonly kind: 'noteReturned'; readonly valueFen: Fen } // an accepting note came back out (escrow timeout, jam before credit)
  | { readonly kind: 'noteRejected'; readonly valueFen: Fen; readonly maxAcceptableFen: Fen } // refused: more than still due
  | { readonly kind: 'txnEnded'; readonly status: CashInEndStatus; readonly paidFen: Fen } // closed by the live process
  | { readonly kind: 'reconciled'; readonly resolution: 'ok' | 'rollback' | 'unknown'; readonly paidFen: Fen; readonly detail: string } // closed at boot
  | { readonly kind: 'claimCreated'; readonly claimId: string; readonly claimKind: 'refund' | 'unknown'; readonly amountFen: Fen; readonly reason: string } // money owed back
  | CashCollectedBody // 清机: the cash box emptied; closes the period (txnId = the collection id)
  | TechnicianActionBody; // a technician's action on this kiosk (audit in the same chain; txnId = `tech:<ulid>`)

/**
 * A technician's action (docs/technicians.md): entering and leaving diagnostics mode, leases,
 * self-tests, 清机, calibration, bundles, retries. Staff ids and device ids only, never a citizen's
 * data. In the cash chain so that an audit trail edited on the kiosk fails `journal verify` and the
 * platform's replica like a money entry would.
 */
export type TechnicianActionBody = {
  readonly kind: 'technicianAction';
  readonly action: string;
  readonly channel: 'screen' | 'control';
  readonly technicianId: string;
  readonly method?: string;
  readonly deviceId?: string;
  readonly outcome: string;
};

/** A note count per denomination, as journaled. */
export interface DenominationTally {
  readonly denominationFen: Fen;
  readonly count: number;
}

/**
 * 清机 (docs/technicians.md): the cash box was emptied. Journaled once per collection id; the
 * period it closes is every stacked note after `periodStartSeq`, and the next period starts after
 * this entry (its hash is the period's closing hash).
 */
export type CashCollectedBody = {
  readonly kind: 'cashCollected';
  readonly deviceId: string;
  readonly technician: string;
  readonly periodStartSeq: number;
  readonly journal: readonly DenominationTally[];
  readonly journalTotalFen: Fen;
  readonly physical: readonly DenominationTally[];
  readonly physicalTotalFen: Fen;
  /** physical − journal, in fen (negative: notes missing from the box). */
  readonly differenceFen: number;
  /** The acceptor's stacked counter when collected (null: unreadable), and the notes it counted in the period. */
  readonly acceptorStackedCounter: number | null;
  readonly acceptorNotesInPeriod: number | null;
};

export type CashInEndStatus = 'paid' | 'canceled' | 'timedOut' | 'failed';

export interface JournalEntry {
  readonly seq: number;
  readonly at: string;
  readonly txnId: string;
  readonly body: JournalBody;
  readonly prevHash: string;
  readonly hash: string;
}

export function entryHash(prevHash: string, entry: { seq: number; at: string; txnId: string; body: JournalBody }): string {
  return createHash('sha256').update(journalHashInput(prevHash, entry)).digest('hex');
}

/**
 * Called inside the append's transaction with the new entry (e.g. to queue it for the platform);
 * throwing rolls the entry back, so an entry is never on disk without its replica queued.
 */
export type JournalReplicator = (entry: JournalEntry) => void;

export type VerifyResult = Result<{ readonly entries: number; readonly lastHash: string }, { readonly seq: number; readonly reason: string }>;

export class CashJournal {
  private lastHash: string;
  private lastSeq: number;
  private readonly insert: Database.Statement;

  private constructor(
    readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly replicate: JournalReplicator | undefined,
  ) {
    const last = db.prepare('SELECT seq, hash FROM cash_journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.lastHash = last?.hash ?? GENESIS_HASH;
    this.lastSeq = last?.seq ?? 0;
    this.insert = db.prepare('INSERT INTO cash_journal (seq, at, txn_id, kind, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /** Uses the kiosk database (storage module), whose migration list already holds cashMigrations. */
  static fromDatabase(db: Database.Database, options: { now?: () => Date; replicate?: JournalReplicator } = {}): Result<CashJournal, Error> {
    try {
      return ok(new CashJournal(db, options.now ?? (() => new Date()), options.replicate));
    } catch (e) {
      return err(new Error(`cash journal table missing from the kiosk database: ${(e as Error).message}`, { cause: e }));
    }
  }

  /**
   * A journal in its own file (unit tests, benchmarks, a kiosk without the storage module): WAL,
   * synchronous=FULL, and the same migrations recorded in its own version table.
   */
  static openStandalone(file: string, options: { now?: () => Date } = {}): Result<CashJournal, Error> {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      // FULL: the WAL is fsynced at every commit, so a journaled note survives power loss.
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE IF NOT EXISTS cash_schema_version (version INTEGER PRIMARY KEY)');
      const applied = new Set((db.prepare('SELECT version FROM cash_schema_version').all() as Array<{ version: number }>).map((r) => r.version));
      for (const m of cashMigrations) {
        if (applied.has(m.version)) continue;
        db.transaction(() => {
          m.up(db);
          db.prepare('INSERT INTO cash_schema_version (version) VALUES (?)').run(m.version);
        })();
      }
      return CashJournal.fromDatabase(db, options);
    } catch (e) {
      return err(new Error(`cannot open cash journal ${file}: ${(e as Error).message}`, { cause: e }));
    }
  }

  /** Appends one entry durably. A failure (disk full, I/O error) is a value; the chain is unchanged. */
  append(txnId: string, body: JournalBody): Result<JournalEntry, Error> {
    const seq = this.lastSeq + 1;
    const at = this.now().toISOString();
    const hash = entryHash(this.lastHash, { seq, at, txnId, body });
    const entry: JournalEntry = { seq, at, txnId, body, prevHash: this.lastHash, hash };
    try {
      const replicate = this.replicate;
      if (replicate) {
        // Nested in a caller's transaction this is a savepoint: the entry and its replica commit together.
        this.db.transaction(() => {
          this.insert.run(seq, at, txnId, body.kind, canonicalJson(body), entry.prevHash, hash);
          replicate(entry);
        })();
      } else {
        this.insert.run(seq, at, txnId, body.kind, canonicalJson(body), entry.prevHash, hash);
      }
    } catch (e) {
      return err(new Error(`cash journal write failed: ${(e as Error).message}`, { cause: e }));
    }
    this.lastHash = hash;
    this.lastSeq = seq;
    return ok(entry);
  }

  /** Re-reads the chain head after a rolled-back transaction that contained an append. */
  resync(): void {
    const last = this.db.prepare('SELECT seq, hash FROM cash_journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.lastHash = last?.hash ?? GENESIS_HASH;
    this.lastSeq = last?.seq ?? 0;
  }

  entries(txnId?: string): JournalEntry[] {
    const rows = (txnId
      ? this.db.prepare('SELECT * FROM cash_journal WHERE txn_id = ? ORDER BY seq').all(txnId)
      : this.db.prepare('SELECT * FROM cash_journal ORDER BY seq').all()) as Array<{ seq: number; at: string; txn_id: string; body: string; prev_hash: string; hash: string }>;
    return rows.map((r) => ({ seq: r.seq, at: r.at, txnId: r.txn_id, body: JSON.parse(r.body) as JournalBody, prevHash: r.prev_hash, hash: r.hash }));
  }

  /**
   * The cash-ins with no `txnEnded` or `reconciled` entry, replayed: what the reconciler must
   * close. Reads only their entries, so it stays cheap however long the journal grows.
   */
  openTransactions(): CashInReplay[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM cash_journal WHERE txn_id IN (
           SELECT s.txn_id FROM cash_journal s WHERE s.kind = 'txnStarted'
             AND NOT EXISTS (SELECT 1 FROM cash_journal e WHERE e.txn_id = s.txn_id AND e.kind IN ('txnEnded', 'reconciled')))
         ORDER BY seq`,
      )
      .all() as Array<{ seq: number; at: string; txn_id: string; body: string; prev_hash: string; hash: string }>;
    return replayTransactions(rows.map((r) => ({ seq: r.seq, at: r.at, txnId: r.txn_id, body: JSON.parse(r.body) as JournalBody, prevHash: r.prev_hash, hash: r.hash }))).filter((t) => !t.closed);
  }

  /** Recomputes the chain from the first entry; names the first entry that does not match. */
  verify(): VerifyResult {
    return verifyChain(this.db);
  }

  close(): void {
    this.db.close();
  }
}

/** Walks the chain over raw rows (used by `budayang journal verify` too). */
export function verifyChain(db: Database.Database): VerifyResult {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of db.prepare('SELECT seq, at, txn_id, kind, body, prev_hash, hash FROM cash_journal ORDER BY seq').iterate() as Iterable<{ seq: number; at: string; txn_id: string; kind: string; body: string; prev_hash: string; hash: string }>) {
    if (row.seq !== expectedSeq) return err({ seq: row.seq, reason: `gap: expected entry ${expectedSeq}` });
    if (row.prev_hash !== prev) return err({ seq: row.seq, reason: 'prev_hash does not match the previous entry' });
    let body: JournalBody;
    try {
      body = JSON.parse(row.body) as JournalBody;
    } catch {
      return err({ seq: row.seq, reason: 'body is not valid JSON' });
    }
    if (body.kind !== row.kind) return err({ seq: row.seq, reason: 'kind column differs from body' });
    const computed = entryHash(prev, { seq: row.seq, at: row.at, txnId: row.txn_id, body });
    if (computed !== row.hash) return err({ seq: row.seq, reason: 'hash does not match the entry' });
    prev = row.hash;
    expectedSeq++;
    count++;
  }
  return ok({ entries: count, lastHash: prev });
}

/** Where one cash-in stands, replayed from its entries. */
export interface CashInReplay {
  readonly txnId: string;
  readonly startedAt: string;
  readonly dueFen: Fen;
  readonly deviceId: string;
  readonly stackedCounterAtStart: number | null;
  /** What the cash-in pays for (absent for a bare Cash.Start). */
  readonly purpose: CashInPurpose | undefined;
  readonly stackedNotes: number;
  readonly paidFen: Fen;
  /** A noteAccepting with no noteStacked/noteReturned after it. */
  readonly pendingNote: { valueFen: Fen; channel: number } | undefined;
  readonly closed: boolean;
}

export function replayTransactions(entries: readonly JournalEntry[]): CashInReplay[] {
  const byTxn = new Map<string, CashInReplay>();
  for (const e of entries) {
    const b = e.body;
    const cur = byTxn.get(e.txnId);
    switch (b.kind) {
      case 'txnStarted':
        byTxn.set(e.txnId, { txnId: e.txnId, startedAt: e.at, dueFen: b.dueFen, deviceId: b.deviceId, stackedCounterAtStart: b.stackedCounterAtStart, purpose: b.purpose, stackedNotes: 0, paidFen: fen(0), pendingNote: undefined, closed: false });
        break;
      case 'noteAccepting':
        if (cur) byTxn.set(e.txnId, { ...cur, pendingNote: { valueFen: b.valueFen, channel: b.channel } });
        break;
      case 'noteStacked':
        if (cur) byTxn.set(e.txnId, { ...cur, stackedNotes: cur.stackedNotes + 1, paidFen: fen(cur.paidFen + b.valueFen), pendingNote: undefined });
        break;
      case 'noteReturned':
        if (cur) byTxn.set(e.txnId, { ...cur, pendingNote: undefined });
        break;
      case 'txnEnded':
      case 'reconciled':
        if (cur) byTxn.set(e.txnId, { ...cur, closed: true });
        break;
      case 'noteRejected':
      case 'claimCreated':
      case 'cashCollected':
      case 'technicianAction':
        break;
      default:
        b satisfies never;
    }
  }
  return [...byTxn.values()];
}
