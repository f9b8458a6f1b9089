// Signed config and catalog bundles at the platform (docs/fleet.md): published once per
// (kind, version), versions only go up, the exact JSON text kept so every instance serves the same
// bytes under the same ETag. The platform does not need to trust a bundle: each kiosk verifies it.
import crypto from 'node:crypto';
import type { Bundle, BundleKind } from '../../../src-common/wire/bundle';
import { isoOf, sqlState, type SqlDatabase } from '../storage/sqlDatabase';

export interface StoredBundle {
  readonly kind: BundleKind;
  readonly version: number;
  readonly keyId: string;
  /** SHA-256 (hex) of `text`: the ETag. */
  readonly sha256: string;
  readonly publishedAt: string;
}

/** Why a bundle was not published. */
export type PublishRefusal =
  // a bundle of this kind with this version or a higher one is published already
  { readonly kind: 'versionNotNewer'; readonly newest: number };

export class BundleStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Publishes a bundle whose version is higher than every published one of its kind. */
  async publish(bundle: Bundle, now: Date): Promise<{ readonly published: StoredBundle } | { readonly refused: PublishRefusal }> {
    const text = JSON.stringify(bundle);
    const sha256 = crypto.createHash('sha256').update(text).digest('hex');
    try {
      return await this.db.transaction(async (tx) => {
        // Serialises publications of one kind across instances (the check below, then the insert).
        await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [FLEET_PUBLISH_LOCK, bundle.kind === 'config' ? 1 : 2]);
        const [newest] = await tx.query<{ version: number | null }>('SELECT MAX(version) AS version FROM fleet_bundles WHERE kind = $1', [bundle.kind]);
        const current = newest?.version === null || newest?.version === undefined ? 0 : Number(newest.version);
        if (bundle.version <= current) return { refused: { kind: 'versionNotNewer' as const, newest: current } };
        await tx.execute('INSERT INTO fleet_bundles (kind, version, bundle, key_id, sha256, published_at) VALUES ($1, $2, $3, $4, $5, $6)', [bundle.kind, bundle.version, text, bundle.keyId, sha256, now.toISOString()]);
        return { published: { kind: bundle.kind, version: bundle.version, keyId: bundle.keyId, sha256, publishedAt: now.toISOString() } };
      });
    } catch (e) {
      if (sqlState(e) === '23505') return { refused: { kind: 'versionNotNewer', newest: bundle.version } };
      throw e;
    }
  }

  /** The bundle's exact text and its hash. */
  async text(kind: BundleKind, version: number): Promise<{ readonly text: string; readonly sha256: string } | undefined> {
    const [row] = await this.db.query<{ bundle: string; sha256: string }>('SELECT bundle, sha256 FROM fleet_bundles WHERE kind = $1 AND version = $2', [kind, version]);
    return row ? { text: row.bundle, sha256: row.sha256 } : undefined;
  }

  async info(kind: BundleKind, version: number): Promise<StoredBundle | undefined> {
    const [row] = await this.db.query('SELECT kind, version, key_id, sha256, published_at FROM fleet_bundles WHERE kind = $1 AND version = $2', [kind, version]);
    return row ? { kind: row.kind as BundleKind, version: Number(row.version), keyId: row.key_id as string, sha256: row.sha256 as string, publishedAt: isoOf(row.published_at) } : undefined;
  }

  /** The newest published bundles, newest first (one page, without their payloads). */
  async list(limit = 100): Promise<StoredBundle[]> {
    const rows = await this.db.query('SELECT kind, version, key_id, sha256, published_at FROM fleet_bundles ORDER BY published_at DESC, kind, version DESC LIMIT $1', [Math.min(500, Math.max(1, limit))]);
    return rows.map((row) => ({ kind: row.kind as BundleKind, version: Number(row.version), keyId: row.key_id as string, sha256: row.sha256 as string, publishedAt: isoOf(row.published_at) }));
  }

  async newestVersion(kind: BundleKind): Promise<number | undefined> {
    const [row] = await this.db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM fleet_bundles WHERE kind = $1', [kind]);
    return row?.version === null || row?.version === undefined ? undefined : Number(row.version);
  }
}

/** `pg_advisory_xact_lock` first key of bundle publication: ASCII "BDYF". */
const FLEET_PUBLISH_LOCK = 0x42445946;
