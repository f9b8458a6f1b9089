// The reference platform's own SQLite store: kiosks, one-time provisioning codes, received events
// (unique per kiosk and idempotency key, ordered per stream), nonces, heartbeats, remote commands,
// published configs and seeded reference data. One writer: the platform process.
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { WireEvent } from '../../src-common/wire/wire';
import { seedReferenceData } from './referenceSeed';

export interface KioskRow {
  id: string;
  kiosk_code: string;
  public_key: string;
  app_version: string;
  created_at: string;
  last_heartbeat_at: string | null;
  last_heartbeat_json: string | null;
}

export interface StoredEvent {
  seq: number;
  kioskId: string;
  idempotencyKey: string;
  streamKey: string;
  streamSeq: number;
  kind: string;
  occurredAt: string;
  receivedAt: string;
  payload: Record<string, unknown>;
  pii: Record<string, unknown> | null;
}

/** Outcome of storing one event, before it becomes a wire result. */
export type StoreOutcome =
  // stored for the first time
  | { readonly status: 'accepted' }
  // the same idempotency key was stored before
  | { readonly status: 'duplicate' }
  // refused; `retryable` false means the event itself is wrong
  | { readonly status: 'rejected'; readonly reason: string; readonly retryable: boolean };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kiosks (
    id TEXT PRIMARY KEY, kiosk_code TEXT NOT NULL, public_key TEXT NOT NULL UNIQUE, app_version TEXT NOT NULL,
    created_at TEXT NOT NULL, last_heartbeat_at TEXT, last_heartbeat_json TEXT);
  CREATE TABLE IF NOT EXISTS provisioning_codes (
    code TEXT PRIMARY KEY, created_at TEXT NOT NULL, used_at TEXT, kiosk_id TEXT);
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
    stream_key TEXT NOT NULL, stream_seq INTEGER NOT NULL, kind TEXT NOT NULL, occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL, payload_json TEXT NOT NULL, pii_json TEXT,
    UNIQUE (kiosk_id, idempotency_key), UNIQUE (kiosk_id, stream_key, stream_seq));
  CREATE TABLE IF NOT EXISTS stream_heads (
    kiosk_id TEXT NOT NULL, stream_key TEXT NOT NULL, last_seq INTEGER NOT NULL, PRIMARY KEY (kiosk_id, stream_key));
  CREATE TABLE IF NOT EXISTS nonces (
    kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (kiosk_id, nonce));
  CREATE INDEX IF NOT EXISTS nonces_age ON nonces (seen_at);
  CREATE TABLE IF NOT EXISTS commands (
    id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL,
    delivered_at TEXT, outcome TEXT, detail TEXT,
    -- the signed command (docs/fleet.md), delivered in every heartbeat answer until acked_at
    signed_json TEXT, expires_at TEXT, acked_at TEXT);
  CREATE TABLE IF NOT EXISTS configs (
    version INTEGER PRIMARY KEY, config_id TEXT NOT NULL, body TEXT NOT NULL, signature TEXT NOT NULL, published_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS cases (
    case_number TEXT PRIMARY KEY, status TEXT NOT NULL, service_name TEXT NOT NULL, updated_at TEXT NOT NULL, note TEXT);
  CREATE TABLE IF NOT EXISTS proofs (
    proof_id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, fields_json TEXT NOT NULL, issued_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS certificates (
    certificate_number TEXT PRIMARY KEY, kind TEXT NOT NULL, holder_name_masked TEXT NOT NULL, fields_json TEXT NOT NULL, print_quota INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS catalog (id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, body TEXT NOT NULL);
`;

/** Event kinds the platform knows, by first segment; anything else is rejected as invalid. */
export const KNOWN_KIND_PREFIXES = new Set([
  'application', 'payment', 'cash', 'claim', 'alert', 'print', 'pickup', 'proof', 'certificate', 'case', 'journal', 'session', 'device', 'config', 'query', 'dev', 'fleet',
]);

export class PlatformStore {
  readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, 'platform.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    seedReferenceData(this.db);
    const db = this.db;
    this.statements = {
      byKey: db.prepare('SELECT 1 FROM events WHERE kiosk_id = ? AND idempotency_key = ?').pluck(),
      head: db.prepare('SELECT last_seq FROM stream_heads WHERE kiosk_id = ? AND stream_key = ?').pluck(),
      setHead: db.prepare('INSERT INTO stream_heads (kiosk_id, stream_key, last_seq) VALUES (?, ?, ?) ON CONFLICT (kiosk_id, stream_key) DO UPDATE SET last_seq = excluded.last_seq'),
      insert: db.prepare(`INSERT INTO events (kiosk_id, idempotency_key, stream_key, stream_seq, kind, occurred_at, received_at, payload_json, pii_json)
        VALUES (@kioskId, @idempotencyKey, @streamKey, @streamSeq, @kind, @occurredAt, @receivedAt, @payload, @pii)`),
      nonce: db.prepare('INSERT OR IGNORE INTO nonces (kiosk_id, nonce, seen_at) VALUES (?, ?, ?)'),
      purgeNonces: db.prepare('DELETE FROM nonces WHERE seen_at < ?'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  kioskById(id: string): KioskRow | undefined {
    return this.db.prepare('SELECT * FROM kiosks WHERE id = ?').get(id) as KioskRow | undefined;
  }

  listKiosks(): KioskRow[] {
    return this.db.prepare('SELECT * FROM kiosks ORDER BY created_at').all() as KioskRow[];
  }

  createProvisioningCode(): string {
    const code = crypto.randomBytes(6).toString('hex').toUpperCase();
    this.db.prepare('INSERT INTO provisioning_codes (code, created_at) VALUES (?, ?)').run(code, new Date().toISOString());
    return code;
  }

  /** Redeems a one-time code. Idempotent for the same public key (a retry after a lost answer). */
  redeemCode(code: string, kioskCode: string, publicKey: string, appVersion: string): { kioskId: string } | { error: string } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT used_at, kiosk_id FROM provisioning_codes WHERE code = ?').get(code) as { used_at: string | null; kiosk_id: string | null } | undefined;
      if (!row) return { error: 'unknown provisioning code' };
      const existing = this.db.prepare('SELECT id FROM kiosks WHERE public_key = ?').pluck().get(publicKey) as string | undefined;
      if (row.used_at) {
        return existing && existing === row.kiosk_id ? { kioskId: existing } : { error: 'provisioning code already used' };
      }
      const kioskId = existing ?? `K-${crypto.randomUUID()}`;
      if (!existing) {
        this.db.prepare('INSERT INTO kiosks (id, kiosk_code, public_key, app_version, created_at) VALUES (?, ?, ?, ?, ?)').run(kioskId, kioskCode, publicKey, appVersion, new Date().toISOString());
      }
      this.db.prepare('UPDATE provisioning_codes SET used_at = ?, kiosk_id = ? WHERE code = ?').run(new Date().toISOString(), kioskId, code);
      return { kioskId };
    }).immediate();
  }

  /** Records a nonce; false when it was seen before (a replay). Old nonces are forgotten. */
  rememberNonce(kioskId: string, nonce: string, nowMs: number, windowMs: number): boolean {
    if (Math.random() < 0.01) this.statements.purgeNonces.run(nowMs - windowMs);
    return this.statements.nonce.run(kioskId, nonce, nowMs).changes === 1;
  }

  /**
   * Stores a batch's valid events in item order, in one transaction. Per stream, an event is
   * accepted only as the next in sequence; once one event of a stream is refused in this batch,
   * its later events are refused as retryable so none overtakes it.
   */
  storeEvents(kioskId: string, items: readonly (WireEvent | { invalid: string; idempotencyKey: string; streamKey?: string })[]): StoreOutcome[] {
    const receivedAt = new Date().toISOString();
    return this.db.transaction(() => {
      const blocked = new Set<string>();
      const heads = new Map<string, number>();
      return items.map((item): StoreOutcome => {
        if ('invalid' in item) {
          if (item.streamKey) blocked.add(item.streamKey);
          return { status: 'rejected', reason: item.invalid, retryable: false };
        }
        if (this.statements.byKey.get(kioskId, item.idempotencyKey)) return { status: 'duplicate' };
        if (blocked.has(item.streamKey)) return { status: 'rejected', reason: 'blockedByEarlier: an earlier event of this stream was not stored', retryable: true };
        const last = heads.get(item.streamKey) ?? ((this.statements.head.get(kioskId, item.streamKey) as number | undefined) ?? 0);
        if (item.streamSeq <= last) {
          blocked.add(item.streamKey);
          return { status: 'rejected', reason: `outOfOrder: stream ${item.streamKey} is past seq ${item.streamSeq} (at ${last}) under another key`, retryable: false };
        }
        if (item.streamSeq > last + 1) {
          blocked.add(item.streamKey);
          return { status: 'rejected', reason: `gap: stream ${item.streamKey} waits for seq ${last + 1}, got ${item.streamSeq}`, retryable: true };
        }
        const prefix = item.kind.split('.')[0] ?? '';
        if (!KNOWN_KIND_PREFIXES.has(prefix)) {
          blocked.add(item.streamKey);
          return { status: 'rejected', reason: `invalid: unknown event kind ${item.kind}`, retryable: false };
        }
        this.statements.insert.run({
          kioskId,
          idempotencyKey: item.idempotencyKey,
          streamKey: item.streamKey,
          streamSeq: item.streamSeq,
          kind: item.kind,
          occurredAt: item.occurredAt,
          receivedAt,
          payload: JSON.stringify(item.payload),
          pii: item.pii ? JSON.stringify(item.pii) : null,
        });
        heads.set(item.streamKey, item.streamSeq);
        this.statements.setHead.run(kioskId, item.streamKey, item.streamSeq);
        return { status: 'accepted' };
      });
    }).immediate();
  }

  listEvents(options: { kioskId?: string; afterSeq?: number; limit?: number } = {}): StoredEvent[] {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE (@kioskId IS NULL OR kiosk_id = @kioskId) AND seq > @after ORDER BY seq LIMIT @limit`)
      .all({ kioskId: options.kioskId ?? null, after: options.afterSeq ?? 0, limit: options.limit ?? 1_000_000 }) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      seq: r.seq as number,
      kioskId: r.kiosk_id as string,
      idempotencyKey: r.idempotency_key as string,
      streamKey: r.stream_key as string,
      streamSeq: r.stream_seq as number,
      kind: r.kind as string,
      occurredAt: r.occurred_at as string,
      receivedAt: r.received_at as string,
      payload: JSON.parse(r.payload_json as string) as Record<string, unknown>,
      pii: r.pii_json ? (JSON.parse(r.pii_json as string) as Record<string, unknown>) : null,
    }));
  }

  countEvents(): number {
    return this.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  }
}
