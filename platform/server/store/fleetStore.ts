// The fleet as the console reads it: liveness counts grouped by region and level, the filtered
// kiosk list, one kiosk's detail, its recent events (no payload, no PII column selected) and its
// tags. Liveness is computed in SQL from the heartbeat time and the `degraded` column derived on
// arrival, against a cutoff the caller computes (now − 3 heartbeat intervals).
import type { FleetOverview, KioskFilter, KioskLevel, KioskLiveness, KioskSummary, KioskTags, LivenessCounts } from '../../api/fleet';
import { isoOf, isoOrNull, type SqlDatabase } from '../storage/sqlDatabase';
import { clampPage } from './eventStore';

const MAX_KIOSK_PAGE = 500;
export const MAX_KIOSK_EVENTS_PAGE = 200;
const MAX_FACETS = 200;

/** Region codes get longer by level: province 2, city 4, county 6, township 9, village 12 digits. */
const REGION_LENGTHS = [2, 4, 6, 9, 12] as const;

/** The region grouping one level below `prefix` (no prefix: cities, as a platform serves one province). */
export function childRegionLength(prefix: string | undefined): number {
  if (!prefix) return 4;
  return REGION_LENGTHS.find((n) => n > prefix.length) ?? 12;
}

/** Builds `$n` placeholders while collecting their values (a statement may bind only what it uses). */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The liveness of a kiosk row as SQL, against the offline cutoff bound on first use. */
function livenessSql(params: Params, offlineCutoff: Date): () => string {
  let placeholder: string | undefined;
  return () => {
    placeholder ??= params.add(offlineCutoff.toISOString());
    return `CASE WHEN s.last_heartbeat_at IS NULL THEN 'never' WHEN s.last_heartbeat_at < ${placeholder} THEN 'offline' WHEN s.degraded THEN 'degraded' ELSE 'online' END`;
  };
}

function filterSql(filter: KioskFilter, params: Params, liveness: () => string): string[] {
  const where: string[] = [];
  // Region codes are digits only (validated), so the prefix needs no LIKE escaping.
  if (filter.region) where.push(`k.region_code LIKE ${params.add(`${filter.region}%`)}`);
  if (filter.level) where.push(`k.level = ${params.add(filter.level)}`);
  if (filter.siteKind) where.push(`k.site_kind = ${params.add(filter.siteKind)}`);
  if (filter.hardware) where.push(`k.hardware = ${params.add(filter.hardware)}`);
  if (filter.version) where.push(`s.reported_app_version = ${params.add(filter.version)}`);
  if (filter.status) where.push(`${liveness()} = ${params.add(filter.status)}`);
  return where;
}

function emptyCounts(): { -readonly [K in keyof LivenessCounts]: number } {
  return { online: 0, degraded: 0, offline: 0, never: 0 };
}

function tagsOf(r: Record<string, unknown>): KioskTags {
  return {
    regionCode: (r.region_code as string | null) ?? null,
    level: (r.level as KioskLevel | null) ?? null,
    siteKind: (r.site_kind as KioskTags['siteKind']) ?? null,
    siteName: (r.site_name as string | null) ?? null,
    hardware: (r.hardware as string | null) ?? null,
  };
}

const KIOSK_COLUMNS = `k.id, k.kiosk_code, k.app_version, k.created_at, k.region_code, k.level, k.site_kind, k.site_name, k.hardware,
  s.last_heartbeat_at, s.last_heartbeat, s.reported_app_version, s.reported_config`;

/** One kiosk row with its status, as the list and the detail page read it. */
export interface KioskRowWithStatus extends KioskSummary {
  readonly lastHeartbeatTime: Date | null;
}

function summaryOf(r: Record<string, unknown>): KioskRowWithStatus {
  return {
    kioskId: r.id as string,
    kioskCode: r.kiosk_code as string,
    appVersion: r.app_version as string,
    createdAt: isoOf(r.created_at),
    lastHeartbeatAt: isoOrNull(r.last_heartbeat_at),
    lastHeartbeatTime: r.last_heartbeat_at ? new Date(r.last_heartbeat_at as Date) : null,
    lastHeartbeat: (r.last_heartbeat as Record<string, unknown> | null) ?? null,
    tags: tagsOf(r),
    status: r.liveness as KioskLiveness,
    reportedAppVersion: (r.reported_app_version as string | null) ?? null,
    reportedConfig: (r.reported_config as string | null) ?? null,
  };
}

export class FleetStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Counts by liveness for the fleet or a region prefix, by the next region level and by kiosk level. */
  async overview(region: string | undefined, offlineCutoff: Date, now: Date): Promise<Omit<FleetOverview, 'offlineAfterSeconds'>> {
    const params = new Params();
    const liveness = livenessSql(params, offlineCutoff);
    const where = filterSql(region ? { region } : {}, params, liveness);
    const length = params.add(childRegionLength(region));
    const rows = await this.db.query<{ region: string | null; level: KioskLevel | null; liveness: KioskLiveness; n: number }>(
      `SELECT SUBSTRING(k.region_code FROM 1 FOR ${length}) AS region, k.level, ${liveness()} AS liveness, COUNT(*) AS n
       FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY 1, 2, 3`,
      params.values,
    );
    const totals = emptyCounts();
    const byRegion = new Map<string | null, ReturnType<typeof emptyCounts>>();
    const byLevel = new Map<KioskLevel | null, ReturnType<typeof emptyCounts>>();
    for (const row of rows) {
      totals[row.liveness] += row.n;
      const r = byRegion.get(row.region) ?? emptyCounts();
      r[row.liveness] += row.n;
      byRegion.set(row.region, r);
      const l = byLevel.get(row.level) ?? emptyCounts();
      l[row.liveness] += row.n;
      byLevel.set(row.level, l);
    }
    const levelOrder: ReadonlyArray<KioskLevel | null> = ['city', 'county', 'township', 'village', null];
    return {
      generatedAt: now.toISOString(),
      region: region ?? null,
      totals,
      // Untagged last; regions in code order.
      byRegion: [...byRegion.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b))).map(([regionCode, counts]) => ({ regionCode, counts })),
      byLevel: levelOrder.filter((l) => byLevel.has(l)).map((level) => ({ level, counts: byLevel.get(level)! })),
    };
  }

  /** One page of kiosks in registration order after `after`, filtered, with the total that match. */
  async list(filter: KioskFilter, page: { readonly after?: string; readonly limit?: number }, offlineCutoff: Date): Promise<{ kiosks: KioskRowWithStatus[]; total: number }> {
    const counting = new Params();
    const where = filterSql(filter, counting, livenessSql(counting, offlineCutoff));
    const from = `FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id`;
    const [count] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`, counting.values);
    const params = new Params();
    const liveness = livenessSql(params, offlineCutoff);
    const pageWhere = filterSql(filter, params, liveness);
    if (page.after) pageWhere.push(`(k.created_at, k.id) > (SELECT created_at, id FROM kiosks WHERE id = ${params.add(page.after)})`);
    const select = `SELECT ${KIOSK_COLUMNS}, ${liveness()} AS liveness`;
    const limit = params.add(clampPage(page.limit, MAX_KIOSK_PAGE));
    const rows = await this.db.query(`${select} ${from} ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''} ORDER BY k.created_at, k.id LIMIT ${limit}`, params.values);
    return { kiosks: rows.map(summaryOf), total: count?.n ?? 0 };
  }

  async kiosk(kioskId: string, offlineCutoff: Date): Promise<KioskRowWithStatus | undefined> {
    const params = new Params();
    const liveness = livenessSql(params, offlineCutoff);
    const [row] = await this.db.query(`SELECT ${KIOSK_COLUMNS}, ${liveness()} AS liveness FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id WHERE k.id = ${params.add(kioskId)}`, params.values);
    return row ? summaryOf(row) : undefined;
  }

  /** A kiosk's events newest first, before `before`: kind, stream and times only (never payload or PII). */
  async events(kioskId: string, page: { readonly before?: number; readonly limit?: number }) {
    const limit = clampPage(page.limit, MAX_KIOSK_EVENTS_PAGE);
    const rows = await this.db.query(
      `SELECT seq, kind, stream_key, stream_seq, occurred_at, received_at FROM events WHERE kiosk_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
      [kioskId, page.before !== undefined && Number.isFinite(page.before) ? Math.trunc(page.before) : Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map((r) => ({
      seq: r.seq as number,
      kind: r.kind as string,
      streamKey: r.stream_key as string,
      streamSeq: r.stream_seq as number,
      occurredAt: isoOf(r.occurred_at),
      receivedAt: isoOf(r.received_at),
    }));
  }

  async setTags(kioskId: string, tags: KioskTags): Promise<KioskTags | undefined> {
    const [row] = await this.db.query(
      'UPDATE kiosks SET region_code = $2, level = $3, site_kind = $4, site_name = $5, hardware = $6 WHERE id = $1 RETURNING region_code, level, site_kind, site_name, hardware',
      [kioskId, tags.regionCode, tags.level, tags.siteKind, tags.siteName, tags.hardware],
    );
    return row ? tagsOf(row) : undefined;
  }

  /** Hardware models and reported app versions present in the fleet, for the filter choices. */
  async facets(): Promise<{ hardware: string[]; appVersions: string[] }> {
    const hardware = await this.db.query<{ v: string }>('SELECT DISTINCT hardware AS v FROM kiosks WHERE hardware IS NOT NULL ORDER BY 1 LIMIT $1', [MAX_FACETS]);
    const versions = await this.db.query<{ v: string }>('SELECT DISTINCT reported_app_version AS v FROM kiosk_status WHERE reported_app_version IS NOT NULL ORDER BY 1 LIMIT $1', [MAX_FACETS]);
    return { hardware: hardware.map((r) => r.v), appVersions: versions.map((r) => r.v) };
  }
}
