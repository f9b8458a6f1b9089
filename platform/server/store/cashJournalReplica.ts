// The kiosks' cash journals, replicated at the platform (issue #12 item 4): each stored
// `cash.journalEntry` event is verified against the chain held so far (monitoring/journalChain.ts)
// in the transaction that stores it; a rewritten, altered or cut journal raises journalMismatch.
// Stacked notes are counted per bill acceptor box, raising cashBoxNearFull as a box fills; a
// collection (清机) empties the count — replicated from the kiosk's own `cashCollected` entry, or
// recorded by an admin (`/admin/kiosks/:id/cash-box-collected`) for a box emptied by other means.
import crypto from 'node:crypto';
import { CASH_JOURNAL_ENTRY_KIND, CashJournalEntryPayload, journalHashInput } from '../../../src-common/wire/cashJournalWire';
import type { WireEvent } from '../../../src-common/wire/wire';
import type { MonitoringPolicy } from '../monitoring/alertRules';
import { judgeEntry, type ReplicaHead } from '../monitoring/journalChain';
import { isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import type { AlertStore } from './alertStore';

/** A kiosk's replica as the admin sees it. */
export interface JournalReplicaStatus {
  readonly kioskId: string;
  readonly headSeq: number;
  readonly anchoredAtSeq: number;
  /** The first entry that did not verify; null while the chain holds. */
  readonly brokenAtSeq: number | null;
  readonly updatedAt: string;
  readonly conflicts: number;
  readonly cashBoxes: ReadonlyArray<{ readonly deviceId: string; readonly notes: number; readonly amountFen: number; readonly since: string }>;
}

/** The box a note of an unknown cash-in went into (its txnStarted came before replication began). */
const UNKNOWN_DEVICE = '(unknown)';

export class CashJournalReplica {
  constructor(
    private readonly db: SqlDatabase,
    private readonly alerts: AlertStore,
    private readonly policy: MonitoringPolicy,
  ) {}

  /** Projector: verifies and keeps each newly stored journal entry, in journal order. */
  readonly projectEntries = async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string): Promise<void> => {
    const events = accepted.filter((e) => e.kind === CASH_JOURNAL_ENTRY_KIND);
    if (events.length === 0) return;
    const [row] = await tx.query<{ head_seq: number; head_hash: string; anchored_at_seq: number; broken_at_seq: number | null }>(
      'SELECT head_seq, head_hash, anchored_at_seq, broken_at_seq FROM cash_journal_heads WHERE kiosk_id = $1 FOR UPDATE',
      [kioskId],
    );
    let head: ReplicaHead | undefined = row ? { headSeq: row.head_seq, headHash: row.head_hash, anchoredAtSeq: row.anchored_at_seq, broken: row.broken_at_seq !== null } : undefined;
    for (const event of events) {
      const entry = CashJournalEntryPayload.parse(event.payload);
      const recomputed = crypto.createHash('sha256').update(journalHashInput(entry.prevHash, entry)).digest('hex');
      const held = head && entry.seq <= head.headSeq ? (await tx.query<{ hash: string }>('SELECT hash FROM cash_journal_entries WHERE kiosk_id = $1 AND seq = $2', [kioskId, entry.seq]))[0]?.hash : undefined;
      const verdict = judgeEntry(head, entry, recomputed, held);
      switch (verdict.kind) {
        case 'repeat':
          break;
        case 'append':
        case 'appendBroken': {
          const verified = verdict.kind === 'append' && verdict.verified;
          await tx.execute(
            `INSERT INTO cash_journal_entries (kiosk_id, seq, at, txn_id, kind, body, prev_hash, hash, verified, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [kioskId, entry.seq, entry.at, entry.txnId, entry.body.kind, JSON.stringify(entry.body), entry.prevHash, entry.hash, verified, receivedAt],
          );
          const brokenAt = verdict.kind === 'appendBroken' ? entry.seq : null;
          await tx.execute(
            `INSERT INTO cash_journal_heads (kiosk_id, head_seq, head_hash, anchored_at_seq, broken_at_seq, updated_at) VALUES ($1, $2, $3, $2, $4, $5)
             ON CONFLICT (kiosk_id) DO UPDATE SET head_seq = EXCLUDED.head_seq, head_hash = EXCLUDED.head_hash,
               broken_at_seq = COALESCE(cash_journal_heads.broken_at_seq, EXCLUDED.broken_at_seq), updated_at = EXCLUDED.updated_at`,
            [kioskId, entry.seq, entry.hash, brokenAt, receivedAt],
          );
          head = { headSeq: entry.seq, headHash: entry.hash, anchoredAtSeq: head?.anchoredAtSeq ?? entry.seq, broken: (head?.broken ?? false) || brokenAt !== null };
          if (verdict.kind === 'appendBroken') await this.mismatch(tx, kioskId, entry, verdict.reason, receivedAt);
          if (entry.body.kind === 'noteStacked') await this.countNote(tx, kioskId, entry, receivedAt);
          if (entry.body.kind === 'cashCollected') await this.collected(tx, kioskId, entry, receivedAt);
          break;
        }
        case 'conflict':
          await tx.execute(
            `INSERT INTO cash_journal_conflicts (kiosk_id, idempotency_key, seq, at, txn_id, body, prev_hash, hash, reason, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT DO NOTHING`,
            [kioskId, event.idempotencyKey, entry.seq, entry.at, entry.txnId, JSON.stringify(entry.body), entry.prevHash, entry.hash, verdict.reason, receivedAt],
          );
          await tx.execute('UPDATE cash_journal_heads SET broken_at_seq = COALESCE(broken_at_seq, $2), updated_at = $3 WHERE kiosk_id = $1', [kioskId, entry.seq, receivedAt]);
          head = head ? { ...head, broken: true } : head;
          await this.mismatch(tx, kioskId, entry, verdict.reason, receivedAt);
          break;
        default: {
          const never: never = verdict;
          throw new Error(`unknown verdict ${JSON.stringify(never)}`);
        }
      }
    }
  };

  private async mismatch(tx: SqlExecutor, kioskId: string, entry: CashJournalEntryPayload, reason: string, at: string): Promise<void> {
    await this.alerts.raise(tx, kioskId, [{ code: 'journalMismatch', subject: 'cashJournal', detail: { seq: entry.seq, txnId: entry.txnId, reason } }], at);
  }

  /** One more note in the box of the cash-in's acceptor; raises cashBoxNearFull as the box crosses the threshold. */
  private async countNote(tx: SqlExecutor, kioskId: string, entry: CashJournalEntryPayload, at: string): Promise<void> {
    const [started] = await tx.query<{ device_id: string | null }>(
      "SELECT body->>'deviceId' AS device_id FROM cash_journal_entries WHERE kiosk_id = $1 AND txn_id = $2 AND kind = 'txnStarted' ORDER BY seq LIMIT 1",
      [kioskId, entry.txnId],
    );
    const deviceId = started?.device_id ?? UNKNOWN_DEVICE;
    const valueFen = Number(entry.body.valueFen ?? 0);
    const [box] = await tx.query<{ notes: number; amount_fen: number }>(
      `INSERT INTO cash_boxes (kiosk_id, device_id, notes, amount_fen, since) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (kiosk_id, device_id) DO UPDATE SET notes = cash_boxes.notes + 1, amount_fen = cash_boxes.amount_fen + EXCLUDED.amount_fen
       RETURNING notes, amount_fen`,
      [kioskId, deviceId, Number.isFinite(valueFen) ? valueFen : 0, at],
    );
    const threshold = Math.ceil(this.policy.cashBoxCapacityNotes * this.policy.cashBoxNearFullRatio);
    if (box && box.notes === threshold) {
      await this.alerts.raise(tx, kioskId, [{ code: 'cashBoxNearFull', subject: deviceId, detail: { notes: box.notes, amountFen: Number(box.amount_fen), capacityNotes: this.policy.cashBoxCapacityNotes } }], at);
    }
  }

  /** A collection (清机) emptied the box: its count starts again and a near-full alert ends, cleared by the collector. */
  async recordCollection(kioskId: string, deviceId: string, actor: string, now: Date): Promise<{ notes: number; amountFen: number }> {
    return this.db.transaction((tx) => this.emptyBox(tx, kioskId, deviceId, actor, now.toISOString()));
  }

  /**
   * The kiosk's own 清机 entry: the box it names is empty from the entry's time on. The box was
   * counted from this same chain, so every note before the entry is in the count it clears and
   * none after it (entries arrive in journal order).
   */
  private async collected(tx: SqlExecutor, kioskId: string, entry: CashJournalEntryPayload, receivedAt: string): Promise<void> {
    const deviceId = typeof entry.body.deviceId === 'string' ? entry.body.deviceId : UNKNOWN_DEVICE;
    const technician = typeof entry.body.technician === 'string' ? entry.body.technician : 'unknown';
    await this.emptyBox(tx, kioskId, deviceId, `kiosk:${technician}`.slice(0, 100), receivedAt);
  }

  private async emptyBox(tx: SqlExecutor, kioskId: string, deviceId: string, actor: string, at: string): Promise<{ notes: number; amountFen: number }> {
    const [before] = await tx.query<{ notes: number; amount_fen: number }>('SELECT notes, amount_fen FROM cash_boxes WHERE kiosk_id = $1 AND device_id = $2 FOR UPDATE', [kioskId, deviceId]);
    await tx.execute(
      `INSERT INTO cash_boxes (kiosk_id, device_id, notes, amount_fen, since) VALUES ($1, $2, 0, 0, $3)
       ON CONFLICT (kiosk_id, device_id) DO UPDATE SET notes = 0, amount_fen = 0, since = EXCLUDED.since`,
      [kioskId, deviceId, at],
    );
    await this.alerts.clear(tx, kioskId, [{ code: 'cashBoxNearFull', subject: deviceId }], at, actor);
    return { notes: before?.notes ?? 0, amountFen: Number(before?.amount_fen ?? 0) };
  }

  async status(kioskId: string): Promise<JournalReplicaStatus | undefined> {
    const [head] = await this.db.query('SELECT head_seq, anchored_at_seq, broken_at_seq, updated_at FROM cash_journal_heads WHERE kiosk_id = $1', [kioskId]);
    if (!head) return undefined;
    const [conflicts] = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cash_journal_conflicts WHERE kiosk_id = $1', [kioskId]);
    const boxes = await this.db.query('SELECT device_id, notes, amount_fen, since FROM cash_boxes WHERE kiosk_id = $1 ORDER BY device_id LIMIT 20', [kioskId]);
    return {
      kioskId,
      headSeq: head.head_seq as number,
      anchoredAtSeq: head.anchored_at_seq as number,
      brokenAtSeq: (head.broken_at_seq as number | null) ?? null,
      updatedAt: isoOf(head.updated_at),
      conflicts: conflicts?.n ?? 0,
      cashBoxes: boxes.map((b) => ({ deviceId: b.device_id as string, notes: b.notes as number, amountFen: Number(b.amount_fen), since: isoOf(b.since) })),
    };
  }
}
