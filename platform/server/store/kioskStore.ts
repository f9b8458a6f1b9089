// Kiosks and everything keyed by one: identity (Ed25519 public key), one-time provisioning codes
// that expire, request nonces that expire, the latest heartbeat (written by store/heartbeatStore.ts),
// and the shared fixed-window rate limiter (remote commands: fleet/commandStore.ts). All state is in the database, so every instance sees the same.
import crypto from 'node:crypto';
import type { HeartbeatRequest } from '../../../src-common/wire/wire';
import { isoOf, isoOrNull, sqlState, type SqlDatabase } from '../storage/sqlDatabase';
import { MicroBatcher } from '../storage/microBatcher';
import { clampPage, valuesClause } from './eventStore';

export interface KioskRow {
  readonly id: string;
  readonly kioskCode: string;
  /** SPKI DER, base64. */
  readonly publicKey: string;
  readonly appVersion: string;
  readonly createdAt: string;
}

export interface KioskWithStatus extends KioskRow {
  readonly lastHeartbeatAt: string | null;
  readonly lastHeartbeat: HeartbeatRequest | null;
}

/** Why a provisioning code was not redeemed. */
export type RedeemRefusal =
  // no such code
  | 'unknownCode'
  // past its expiry
  | 'expiredCode'
  // already redeemed by another key
  | 'usedCode';

/** How long a new provisioning code stays valid unless the admin says otherwise. */
export const DEFAULT_PROVISIONING_CODE_TTL_MS = 24 * 3_600_000;

const MAX_KIOSK_PAGE = 500;

/** A nonce to record, named as its columns. */
interface NonceRow {
  readonly kiosk_id: string;
  readonly nonce: string;
  readonly expires_at: string;
}

function kioskOf(r: Record<string, unknown>): KioskRow {
  return { id: r.id as string, kioskCode: r.kiosk_code as string, publicKey: r.public_key as string, appVersion: r.app_version as string, createdAt: isoOf(r.created_at) };
}

/**
 * How long a looked-up kiosk identity is reused without asking the database: every signed
 * request needs one, and the rows never change today. Short, so that when keys can be revoked
 * (issue #11) a revoked key stops working on every instance within this time.
 */
export const KIOSK_CACHE_TTL_MS = 60_000;

/** Identities kept in memory at most (a province's fleet fits; beyond it the oldest are dropped). */
const KIOSK_CACHE_MAX = 100_000;

export class KioskStore {
  private readonly cache = new Map<string, { readonly kiosk: KioskRow; readonly until: number }>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /**
   * A kiosk's identity, from memory when looked up in the last KIOSK_CACHE_TTL_MS (unknown ids
   * are not remembered). Lookups arriving together are one query: after a restart the whole fleet
   * asks at once, and one round trip per kiosk would hold every connection.
   */
  async byId(id: string): Promise<KioskRow | undefined> {
    const now = this.clock();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.kiosk;
    const kiosk = await this.lookups.submit(id);
    if (!kiosk) return undefined;
    this.cache.delete(id);
    if (this.cache.size >= KIOSK_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { kiosk, until: now + KIOSK_CACHE_TTL_MS });
    return kiosk;
  }

  private readonly lookups = new MicroBatcher<string, KioskRow | undefined>(
    'kiosk identities',
    async (ids) => {
      const rows = await this.db.query('SELECT id, kiosk_code, public_key, app_version, created_at FROM kiosks WHERE id = ANY($1)', [[...new Set(ids)]]);
      const found = new Map(rows.map((r) => [r.id as string, kioskOf(r)]));
      return ids.map((id) => found.get(id));
    },
    { maxItems: 1000, maxConcurrent: 2, maxQueued: 20_000 },
  );

  /**
   * Registers many kiosks at once, without provisioning codes: for load tests only (the admin
   * route is refused unless the platform was started to allow it). A key already registered
   * keeps its kiosk id. Answers the ids in the order given.
   */
  async registerMany(kiosks: ReadonlyArray<{ readonly kioskCode: string; readonly publicKey: string }>, appVersion: string, now: Date): Promise<string[]> {
    if (kiosks.length === 0) return [];
    const rows = kiosks.map((k) => [`K-${crypto.randomUUID()}`, k.kioskCode, k.publicKey]);
    const inserted = await this.db.query<{ id: string; public_key: string }>(
      `INSERT INTO kiosks (app_version, created_at, id, kiosk_code, public_key) VALUES ${valuesClause(rows.length, 3, 3, [1, 2])}
       ON CONFLICT (public_key) DO UPDATE SET public_key = EXCLUDED.public_key RETURNING id, public_key`,
      [appVersion, now.toISOString(), ...rows.flat()],
    );
    const byKey = new Map(inserted.map((r) => [r.public_key, r.id]));
    return kiosks.map((k) => byKey.get(k.publicKey)!);
  }

  /** One page of kiosks in registration order, after the kiosk `afterId` (keyset paging). */
  async list(options: { readonly afterId?: string; readonly limit?: number } = {}): Promise<KioskWithStatus[]> {
    const limit = clampPage(options.limit, MAX_KIOSK_PAGE);
    const select = `SELECT k.id, k.kiosk_code, k.public_key, k.app_version, k.created_at, s.last_heartbeat_at, s.last_heartbeat
      FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id`;
    const rows = options.afterId
      ? await this.db.query(`${select} WHERE (k.created_at, k.id) > (SELECT created_at, id FROM kiosks WHERE id = $1) ORDER BY k.created_at, k.id LIMIT $2`, [options.afterId, limit])
      : await this.db.query(`${select} ORDER BY k.created_at, k.id LIMIT $1`, [limit]);
    return rows.map((r) => ({ ...kioskOf(r), lastHeartbeatAt: isoOrNull(r.last_heartbeat_at), lastHeartbeat: (r.last_heartbeat as HeartbeatRequest | null) ?? null }));
  }

  async status(kioskId: string): Promise<{ lastHeartbeatAt: string; lastHeartbeat: HeartbeatRequest } | undefined> {
    const [row] = await this.db.query('SELECT last_heartbeat_at, last_heartbeat FROM kiosk_status WHERE kiosk_id = $1', [kioskId]);
    return row ? { lastHeartbeatAt: isoOf(row.last_heartbeat_at), lastHeartbeat: row.last_heartbeat as HeartbeatRequest } : undefined;
  }

  async createProvisioningCode(now: Date, ttlMs = DEFAULT_PROVISIONING_CODE_TTL_MS): Promise<{ code: string; expiresAt: string }> {
    // 12 characters from 32: 60 bits, guessed only by brute force, which the rate limit stops.
    const code = Array.from(crypto.randomBytes(12), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    await this.db.execute('INSERT INTO provisioning_codes (code, created_at, expires_at) VALUES ($1, $2, $3)', [code, now.toISOString(), expiresAt]);
    return { code, expiresAt };
  }

  /** Redeems a one-time code. Idempotent for the same public key (a retry after a lost answer). */
  async redeemCode(code: string, kioskCode: string, publicKey: string, appVersion: string, now: Date): Promise<{ kioskId: string } | { refusal: RedeemRefusal }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ used_at: Date | null; kiosk_id: string | null; expires_at: Date }>('SELECT used_at, kiosk_id, expires_at FROM provisioning_codes WHERE code = $1 FOR UPDATE', [code]);
      if (!row) return { refusal: 'unknownCode' as const };
      const [existing] = await tx.query<{ id: string }>('SELECT id FROM kiosks WHERE public_key = $1', [publicKey]);
      if (row.used_at) return existing && existing.id === row.kiosk_id ? { kioskId: existing.id } : { refusal: 'usedCode' as const };
      if (new Date(row.expires_at).getTime() <= now.getTime()) return { refusal: 'expiredCode' as const };
      const kioskId = existing?.id ?? `K-${crypto.randomUUID()}`;
      if (!existing) {
        await tx.execute('INSERT INTO kiosks (id, kiosk_code, public_key, app_version, created_at) VALUES ($1, $2, $3, $4, $5)', [kioskId, kioskCode, publicKey, appVersion, now.toISOString()]);
      }
      await tx.execute('UPDATE provisioning_codes SET used_at = $1, kiosk_id = $2 WHERE code = $3', [now.toISOString(), kioskId, code]);
      return { kioskId };
    });
  }

  /**
   * Records a nonce until `expiresAt`; false when it is already recorded (a replay). Expired
   * nonces are deleted by the maintenance pass, by time. Nonces of requests arriving together
   * are recorded in one statement (storage/microBatcher.ts).
   */
  async rememberNonce(kioskId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    return this.nonces.submit({ kiosk_id: kioskId, nonce, expires_at: expiresAt.toISOString() });
  }

  private readonly nonces = new MicroBatcher<NonceRow, boolean>('request nonces', (rows) => this.recordNonces(rows), { maxItems: 1000, maxConcurrent: 2, maxQueued: 10_000 });

  private async recordNonces(rows: readonly NonceRow[]): Promise<boolean[]> {
    // The same nonce twice among requests arriving together: the later ones are replays.
    const firstAt = new Map<string, number>();
    rows.forEach((r, i) => {
      const key = `${r.kiosk_id}\n${r.nonce}`;
      if (!firstAt.has(key)) firstAt.set(key, i);
    });
    const unique = [...firstAt.values()].map((i) => rows[i]!).sort((a, b) => (a.kiosk_id === b.kiosk_id ? (a.nonce < b.nonce ? -1 : 1) : a.kiosk_id < b.kiosk_id ? -1 : 1));
    const stored = await this.db.query<{ kiosk_id: string; nonce: string }>(
      `INSERT INTO request_nonces (kiosk_id, nonce, expires_at)
       SELECT kiosk_id, nonce, expires_at FROM jsonb_to_recordset($1::jsonb) AS t(kiosk_id text, nonce text, expires_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING kiosk_id, nonce`,
      [JSON.stringify(unique)],
    );
    const fresh = new Set(stored.map((r) => `${r.kiosk_id}\n${r.nonce}`));
    return rows.map((r, i) => {
      const key = `${r.kiosk_id}\n${r.nonce}`;
      return firstAt.get(key) === i && fresh.has(key);
    });
  }

  /**
   * Counts one hit on `bucket` in the fixed window containing `now`; true while the window's
   * hits stay within `limit`. Shared by every instance through the database.
   */
  async takeRateLimit(bucket: string, now: Date, windowMs: number, limit: number): Promise<boolean> {
    const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
    const [row] = await this.db.query<{ hits: number }>(
      'INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits',
      [bucket, windowStart],
    );
    return (row?.hits ?? 1) <= limit;
  }
}

/** True when `e` is a unique violation (another instance inserted the same key first). */
export function isUniqueViolation(e: unknown): boolean {
  return sqlState(e) === '23505';
}
