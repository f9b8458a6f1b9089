// Received events: stored exactly once per (kiosk, idempotency key), in order per stream, with
// the decisions made by the database's own state (event_keys, stream_heads) under a per-kiosk
// row lock, so any number of platform instances can take pushes from the same kiosk. Domain
// projections (settlements, certificate prints) run in the same transaction as the insert.
import type { WireEvent } from '../../../src-common/wire/wire';
import { isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { decideBatch, type BatchItem, type StoreOutcome } from './eventBatch';

export interface StoredEvent {
  /** Arrival order across the fleet; the paging cursor. */
  readonly seq: number;
  readonly kioskId: string;
  readonly idempotencyKey: string;
  readonly streamKey: string;
  readonly streamSeq: number;
  readonly kind: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly payload: Record<string, unknown>;
  readonly pii: Record<string, unknown> | null;
}

/** A domain's reaction to events, run inside the storing transaction: all commit, or none. */
export type EventProjector = (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string) => Promise<void>;

/** Most events one page of a list returns; larger `limit`s are clamped to it. */
export const MAX_EVENT_PAGE = 1000;

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 500;

/**
 * `($1, $3, $4), ($1, $5, $6)…`: `rows` groups, each starting with the `shared` parameters (the
 * same in every row, e.g. the kiosk id) and then `width` own parameters numbered from `first`.
 */
export function valuesClause(rows: number, width: number, first: number, shared: readonly number[] = []): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = shared.map((n) => `$${n}`);
    for (let c = 0; c < width; c++) cells.push(`$${first + r * width + c}`);
    groups.push(`(${cells.join(', ')})`);
  }
  return groups.join(', ');
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function rowToEvent(r: Record<string, unknown>): StoredEvent {
  return {
    seq: r.seq as number,
    kioskId: r.kiosk_id as string,
    idempotencyKey: r.idempotency_key as string,
    streamKey: r.stream_key as string,
    streamSeq: r.stream_seq as number,
    kind: r.kind as string,
    occurredAt: isoOf(r.occurred_at),
    receivedAt: isoOf(r.received_at),
    payload: r.payload as Record<string, unknown>,
    pii: (r.pii as Record<string, unknown> | null) ?? null,
  };
}

const EVENT_COLUMNS = 'seq, kiosk_id, idempotency_key, stream_key, stream_seq, kind, occurred_at, received_at, payload, pii';

export class EventStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly projectors: readonly EventProjector[] = [],
  ) {}

  /** Stores a batch's valid events in item order, in one transaction; one outcome per item. */
  async storeBatch(kioskId: string, items: readonly BatchItem[], receivedAt: Date): Promise<StoreOutcome[]> {
    const at = receivedAt.toISOString();
    return this.db.transaction(async (tx) => {
      // Pushes of one kiosk are decided one at a time, whichever instance takes them.
      await tx.query('SELECT id FROM kiosks WHERE id = $1 FOR UPDATE', [kioskId]);
      const events = items.flatMap((i) => (i.valid ? [i.event] : []));
      const keys = [...new Set(events.map((e) => e.idempotencyKey))];
      const streams = [...new Set(events.map((e) => e.streamKey))];
      const known = keys.length === 0 ? [] : await tx.query<{ idempotency_key: string }>('SELECT idempotency_key FROM event_keys WHERE kiosk_id = $1 AND idempotency_key = ANY($2)', [kioskId, keys]);
      const heads = streams.length === 0 ? [] : await tx.query<{ stream_key: string; last_seq: number }>('SELECT stream_key, last_seq FROM stream_heads WHERE kiosk_id = $1 AND stream_key = ANY($2)', [kioskId, streams]);
      const decision = decideBatch(items, new Set(known.map((k) => k.idempotency_key)), new Map(heads.map((h) => [h.stream_key, h.last_seq])));
      if (decision.accepted.length > 0) {
        await this.insertAccepted(tx, kioskId, decision.accepted, at);
        const moved = [...decision.heads];
        for (const part of chunks(moved, INSERT_CHUNK)) {
          await tx.execute(
            `INSERT INTO stream_heads (kiosk_id, stream_key, last_seq) VALUES ${valuesClause(part.length, 2, 2, [1])}
             ON CONFLICT (kiosk_id, stream_key) DO UPDATE SET last_seq = EXCLUDED.last_seq`,
            [kioskId, ...part.flat()],
          );
        }
        for (const project of this.projectors) await project(tx, kioskId, decision.accepted, at);
      }
      return [...decision.outcomes];
    });
  }

  private async insertAccepted(tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], at: string): Promise<void> {
    const seqs = await tx.query<{ seq: number }>("SELECT nextval('events_seq') AS seq FROM generate_series(1, $1)", [accepted.length]);
    const withSeq = accepted.map((event, i) => ({ event, seq: seqs[i]!.seq }));
    for (const part of chunks(withSeq, INSERT_CHUNK)) {
      // The unique keys are the last word: a concurrent duplicate that slipped past the lock
      // (it cannot, but a bug could) fails the whole transaction instead of storing twice.
      await tx.execute(
        `INSERT INTO event_keys (kiosk_id, received_at, idempotency_key, stream_key, stream_seq, seq) VALUES ${valuesClause(part.length, 4, 3, [1, 2])}`,
        [kioskId, at, ...part.flatMap(({ event, seq }) => [event.idempotencyKey, event.streamKey, event.streamSeq, seq])],
      );
      await tx.execute(
        `INSERT INTO events (kiosk_id, received_at, seq, idempotency_key, stream_key, stream_seq, kind, occurred_at, payload, pii) VALUES ${valuesClause(part.length, 8, 3, [1, 2])}`,
        [
          kioskId,
          at,
          ...part.flatMap(({ event, seq }) => [seq, event.idempotencyKey, event.streamKey, event.streamSeq, event.kind, event.occurredAt, JSON.stringify(event.payload), event.pii === undefined ? null : JSON.stringify(event.pii)]),
        ],
      );
    }
  }

  /** One page of events in arrival order after `afterSeq` (0: from the start), at most MAX_EVENT_PAGE. */
  async list(options: { readonly kioskId?: string; readonly afterSeq?: number; readonly limit?: number } = {}): Promise<StoredEvent[]> {
    const limit = clampPage(options.limit);
    const after = Math.max(0, Math.trunc(options.afterSeq ?? 0)) || 0;
    const rows = options.kioskId
      ? await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE kiosk_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [options.kioskId, after, limit])
      : await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit]);
    return rows.map(rowToEvent);
  }

  /** Exact count (tests and small fleets; the console shows estimates instead). */
  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM events');
    return row?.n ?? 0;
  }
}

/** A page size the caller asked for, clamped to 1…MAX_EVENT_PAGE (garbage → the default 100). */
export function clampPage(limit: number | undefined, max = MAX_EVENT_PAGE): number {
  if (limit === undefined || !Number.isFinite(limit)) return Math.min(100, max);
  return Math.min(max, Math.max(1, Math.trunc(limit)));
}
