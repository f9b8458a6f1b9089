// Received events: stored exactly once per (kiosk, idempotency key), in order per stream, with
// the decisions made by the database's own state (event_keys, stream_heads) under a per-kiosk
// row lock, so any number of platform instances can take pushes from the same kiosk. Domain
// projections (settlements, certificate prints, cases, journals, alerts) run in the same
// transaction as the insert. Pushes that arrive together share one transaction (group commit).
import type { WireEvent } from '../../../src-common/wire/wire';
import { isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import type { SignedNonce } from './signedNonce';
import { distinctRounds, MicroBatcher } from '../storage/microBatcher';
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

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
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

/** One kiosk's push waiting to be stored with others (group commit). */
interface Push {
  readonly kioskId: string;
  readonly items: readonly BatchItem[];
  readonly at: string;
  /** Rough size in bytes, so one batch never carries many large pushes. */
  readonly weight: number;
  /** The request's nonce, spent in the storing transaction (absent for store-level callers). */
  readonly nonce?: SignedNonce;
}

/** What storing a push came to. */
export type PushOutcome =
  // stored (or found stored): one outcome per item
  | { readonly kind: 'stored'; readonly outcomes: StoreOutcome[] }
  // the request's nonce was spent before: a replayed push, nothing stored
  | { readonly kind: 'replay' };

/** A push's outcome, or the error that stopped it alone. */
type PushAnswer = { readonly ok: true; readonly outcome: PushOutcome } | { readonly ok: false; readonly error: unknown };

/**
 * Writes every accepted event of a round (several kiosks' pushes) in one statement: arrival seqs
 * in item order, the idempotency keys, the bodies and the stream heads. $1 the events as JSON.
 */
const WRITE_ACCEPTED = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(ord int, kiosk_id text, received timestamptz, key text, stream text, seq int, kind text, occurred timestamptz, payload jsonb, pii jsonb)
), numbered AS (
  SELECT i.*, nextval('events_seq') AS gseq FROM (SELECT * FROM input ORDER BY ord) i
), k AS (
  INSERT INTO event_keys (kiosk_id, received_at, idempotency_key, stream_key, stream_seq, seq)
  SELECT kiosk_id, received, key, stream, seq, gseq FROM numbered
), e AS (
  INSERT INTO events (kiosk_id, received_at, seq, idempotency_key, stream_key, stream_seq, kind, occurred_at, payload, pii)
  SELECT kiosk_id, received, gseq, key, stream, seq, kind, occurred, payload, pii FROM numbered
), h AS (
  INSERT INTO stream_heads (kiosk_id, stream_key, last_seq)
  SELECT kiosk_id, stream, MAX(seq) FROM input GROUP BY kiosk_id, stream ORDER BY kiosk_id, stream
  ON CONFLICT (kiosk_id, stream_key) DO UPDATE SET last_seq = EXCLUDED.last_seq
)
SELECT COUNT(*) AS n FROM numbered`;

/**
 * The nonces of a batch's pushes spent (the ones spent before come back missing) and its kiosks'
 * rows locked in id order. $1 the nonces as JSON, $2 the kiosk ids sorted.
 */
const SPEND_NONCES_AND_LOCK = `
WITH fresh AS (
  INSERT INTO request_nonces (kiosk_id, nonce, expires_at)
  SELECT kiosk_id, nonce, expires_at FROM jsonb_to_recordset($1::jsonb) AS t(kiosk_id text, nonce text, expires_at timestamptz) ORDER BY kiosk_id, nonce
  ON CONFLICT DO NOTHING RETURNING kiosk_id, nonce
), locked AS (
  SELECT id FROM kiosks WHERE id = ANY($2) ORDER BY id FOR UPDATE
)
SELECT kiosk_id, nonce FROM fresh
UNION ALL
SELECT id, NULL FROM locked`;

/** What the database holds for a round: known keys, and stream heads, of the round's kiosks. */
const READ_KNOWN = `
SELECT 'key' AS what, kiosk_id, idempotency_key AS name, 0 AS last_seq FROM event_keys WHERE kiosk_id = ANY($1) AND idempotency_key = ANY($2)
UNION ALL
SELECT 'head' AS what, kiosk_id, stream_key AS name, last_seq FROM stream_heads WHERE kiosk_id = ANY($1) AND stream_key = ANY($3)`;

export class EventStore {
  /** Pushes arriving together are stored in one transaction (storage/microBatcher.ts). */
  private readonly pushes = new MicroBatcher<Push, PushAnswer>('event pushes', (batch) => this.storeMany(batch), { maxItems: 64, maxConcurrent: 2, weigh: (p) => p.weight, maxWeight: 4 * 1024 * 1024, maxQueued: 2_000 });

  constructor(
    private readonly db: SqlDatabase,
    private readonly projectors: readonly EventProjector[] = [],
  ) {}

  /**
   * Stores a push's valid events in item order; one outcome per item. Pushes arriving together
   * share one transaction; each is decided on its own, under its kiosk's row lock, exactly as if
   * it were alone, and a push that fails is retried alone so it cannot fail the others.
   */
  async storeBatch(kioskId: string, items: readonly BatchItem[], receivedAt: Date, weight = 0): Promise<StoreOutcome[]> {
    const outcome = await this.submit({ kioskId, items, at: receivedAt.toISOString(), weight });
    if (outcome.kind !== 'stored') throw new Error('a push without a nonce cannot be a replay');
    return outcome.outcomes;
  }

  /** `storeBatch` for a signed request: its nonce is spent in the same transaction (a replay stores nothing). */
  storePush(kioskId: string, items: readonly BatchItem[], receivedAt: Date, nonce: SignedNonce, weight: number): Promise<PushOutcome> {
    return this.submit({ kioskId, items, at: receivedAt.toISOString(), weight, nonce });
  }

  private async submit(push: Push): Promise<PushOutcome> {
    const answer = await this.pushes.submit(push);
    if (!answer.ok) throw answer.error;
    return answer.outcome;
  }

  private async storeMany(pushes: readonly Push[]): Promise<PushAnswer[]> {
    try {
      const outcomes = await this.db.transaction((tx) => this.storeInTransaction(tx, pushes));
      return outcomes.map((outcome) => ({ ok: true, outcome }));
    } catch (e) {
      if (pushes.length === 1) return [{ ok: false, error: e }];
      const answers: PushAnswer[] = [];
      for (const push of pushes) answers.push((await this.storeMany([push]))[0]!);
      return answers;
    }
  }

  private async storeInTransaction(tx: SqlExecutor, pushes: readonly Push[]): Promise<PushOutcome[]> {
    const fresh = await this.spendNoncesAndLock(tx, pushes);
    const results = new Array<PushOutcome>(pushes.length);
    pushes.forEach((_, i) => {
      if (!fresh.has(i)) results[i] = { kind: 'replay' };
    });
    const storing = pushes.flatMap((push, index) => (fresh.has(index) ? [{ push, index }] : []));
    // A kiosk's second push in the batch is decided after its first is written.
    for (const round of distinctRounds(storing, (s) => s.push.kioskId)) {
      const known = await this.readKnown(tx, round.map((r) => r.item.push));
      const decided = round.map(({ item }) => ({ ...item, decision: decideBatch(item.push.items, known.keys.get(item.push.kioskId) ?? new Set(), known.heads.get(item.push.kioskId) ?? new Map()) }));
      await this.writeAccepted(tx, decided.map((d) => ({ push: d.push, accepted: d.decision.accepted })));
      for (const { push, index, decision } of decided) {
        if (decision.accepted.length > 0) for (const project of this.projectors) await project(tx, push.kioskId, decision.accepted, push.at);
        results[index] = { kind: 'stored', outcomes: [...decision.outcomes] };
      }
    }
    return results;
  }

  /**
   * Spends the pushes' nonces and locks their kiosks' rows, in one statement; answers which
   * pushes may be stored (no nonce, or a fresh one). Pushes of one kiosk are decided one at a
   * time, whichever instance takes them: the row stays locked until commit. Locked in id order,
   * so two instances never wait on each other in a circle.
   */
  private async spendNoncesAndLock(tx: SqlExecutor, pushes: readonly Push[]): Promise<Set<number>> {
    const firstAt = new Map<string, number>();
    pushes.forEach((p, i) => {
      const key = p.nonce ? `${p.kioskId}\n${p.nonce.nonce}` : `#${i}`;
      if (!firstAt.has(key)) firstAt.set(key, i);
    });
    const nonces = [...firstAt.entries()].flatMap(([, i]) => {
      const p = pushes[i]!;
      return p.nonce ? [{ kiosk_id: p.kioskId, nonce: p.nonce.nonce, expires_at: p.nonce.expiresAt.toISOString() }] : [];
    });
    const rows = await tx.query<{ kiosk_id: string; nonce: string | null }>(SPEND_NONCES_AND_LOCK, [JSON.stringify(nonces), [...new Set(pushes.map((p) => p.kioskId))].sort()]);
    const spent = new Set(rows.filter((r) => r.nonce !== null).map((r) => `${r.kiosk_id}\n${r.nonce}`));
    const fresh = new Set<number>();
    pushes.forEach((p, i) => {
      if (!p.nonce) fresh.add(i);
      else if (firstAt.get(`${p.kioskId}\n${p.nonce.nonce}`) === i && spent.has(`${p.kioskId}\n${p.nonce.nonce}`)) fresh.add(i);
    });
    return fresh;
  }

  private async readKnown(tx: SqlExecutor, pushes: readonly Push[]): Promise<{ keys: Map<string, Set<string>>; heads: Map<string, Map<string, number>> }> {
    const keys = new Map<string, Set<string>>();
    const heads = new Map<string, Map<string, number>>();
    const events = pushes.flatMap((p) => p.items.flatMap((i) => (i.valid ? [i.event] : [])));
    if (events.length === 0) return { keys, heads };
    const rows = await tx.query<{ what: 'key' | 'head'; kiosk_id: string; name: string; last_seq: number }>(READ_KNOWN, [
      pushes.map((p) => p.kioskId),
      [...new Set(events.map((e) => e.idempotencyKey))],
      [...new Set(events.map((e) => e.streamKey))],
    ]);
    // The arrays match across kiosks; only a kiosk's own keys and streams count for it.
    const asked = new Set(pushes.flatMap((p) => p.items.flatMap((i) => (i.valid ? [`${p.kioskId}\n${i.event.idempotencyKey}`, `${p.kioskId}\n${i.event.streamKey}`] : []))));
    for (const r of rows) {
      if (!asked.has(`${r.kiosk_id}\n${r.name}`)) continue;
      if (r.what === 'key') getOrCreate(keys, r.kiosk_id, () => new Set<string>()).add(r.name);
      else getOrCreate(heads, r.kiosk_id, () => new Map<string, number>()).set(r.name, r.last_seq);
    }
    return { keys, heads };
  }

  private async writeAccepted(tx: SqlExecutor, decided: ReadonlyArray<{ readonly push: Push; readonly accepted: readonly WireEvent[] }>): Promise<void> {
    const rows = decided.flatMap(({ push, accepted }) =>
      accepted.map((event) => ({
        kiosk_id: push.kioskId,
        received: push.at,
        key: event.idempotencyKey,
        stream: event.streamKey,
        seq: event.streamSeq,
        kind: event.kind,
        occurred: event.occurredAt,
        payload: event.payload,
        ...(event.pii === undefined ? {} : { pii: event.pii }),
      })),
    );
    if (rows.length === 0) return;
    // The unique keys are the last word: a duplicate that slipped past the lock (it cannot, but a
    // bug could) fails the transaction instead of storing twice.
    await tx.query(WRITE_ACCEPTED, [JSON.stringify(rows.map((r, ord) => ({ ord, ...r })))]);
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
