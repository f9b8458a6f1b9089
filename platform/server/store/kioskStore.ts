// Kiosks and everything keyed by one: identity (Ed25519 public key), one-time provisioning codes
// that expire, request nonces that expire, the latest heartbeat, and the shared fixed-window rate
// limiter (remote commands: fleet/commandStore.ts). All state is in the database, so every instance sees the same.
import crypto from 'node:crypto';
import type { HeartbeatRequest } from '../../../src-common/wire/wire';
import { derivedHeartbeatColumns } from '../fleet/kioskHealth';
import { isoOf, isoOrNull, sqlState, type SqlDatabase } from '../storage/sqlDatabase';
import { clampPage } from './eventStore';

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

function kioskOf(r: Record<string, unknown>): KioskRow {
  return { id: r.id as string, kioskCode: r.kiosk_code as string, publicKey: r.public_key as string, appVersion: r.app_version as string, createdAt: isoOf(r.created_at) };
}

export class KioskStore {
  constructor(private readonly db: SqlDatabase) {}

  async byId(id: string): Promise<KioskRow | undefined> {
    const [row] = await this.db.query('SELECT id, kiosk_code, public_key, app_version, created_at FROM kiosks WHERE id = $1', [id]);
    return row ? kioskOf(row) : undefined;
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
   * nonces are deleted by the maintenance pass, by time.
   */
  async rememberNonce(kioskId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    return (await this.db.execute('INSERT INTO request_nonces (kiosk_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [kioskId, nonce, expiresAt.toISOString()])) === 1;
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

  /** Records a kiosk's latest heartbeat (one row per kiosk, updated in place) with the columns the console counts and filters by. */
  async recordHeartbeat(kioskId: string, beat: HeartbeatRequest, now: Date): Promise<void> {
    const derived = derivedHeartbeatColumns(beat);
    await this.db.execute(
      `INSERT INTO kiosk_status (kiosk_id, last_heartbeat_at, last_heartbeat, degraded, reported_app_version, reported_config) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kiosk_id) DO UPDATE SET last_heartbeat_at = EXCLUDED.last_heartbeat_at, last_heartbeat = EXCLUDED.last_heartbeat,
         degraded = EXCLUDED.degraded, reported_app_version = EXCLUDED.reported_app_version, reported_config = EXCLUDED.reported_config`,
      [kioskId, now.toISOString(), JSON.stringify(beat), derived.degraded, derived.reportedAppVersion, derived.reportedConfig],
    );
  }
}

/** True when `e` is a unique violation (another instance inserted the same key first). */
export function isUniqueViolation(e: unknown): boolean {
  return sqlState(e) === '23505';
}
