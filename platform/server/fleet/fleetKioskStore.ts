// Kiosks as the fleet sees them (docs/fleet.md, "Rollouts"): their tags (the console's columns on
// `kiosks`, which a heartbeat fills while empty), groups (named selectors over those tags), and
// the device twin — the version of each bundle kind a kiosk should run, set by rollouts and handed
// out in heartbeat answers, beside the one it runs and its last result.
import type { BundleKind } from '../../../src-common/wire/bundle';
import { siteKindOf, type RolloutKind, type FleetKiosk, type KioskLevel, type SiteKind, type TargetSelector } from '../../../src-common/wire/fleetAdmin';
import type { AppUpdateResultPayload } from '../../../src-common/wire/appUpdateEvents';
import type { BundleResultPayload } from '../../../src-common/wire/fleetEvents';
import type { HeartbeatRequest } from '../../../src-common/wire/wire';
import { isoOf, isoOrNull, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { clampPage } from '../store/eventStore';

/** The twin's columns per rollout kind (never built from input: a fixed map); `app` versions are release numbers. */
export const TWIN_COLUMNS: Readonly<Record<RolloutKind, { readonly desired: string; readonly desiredBy: string; readonly reported: string; readonly result: string }>> = {
  config: { desired: 'config_desired', desiredBy: 'config_desired_by', reported: 'config_reported', result: 'config_result' },
  catalog: { desired: 'catalog_desired', desiredBy: 'catalog_desired_by', reported: 'catalog_reported', result: 'catalog_result' },
  app: { desired: 'app_desired', desiredBy: 'app_desired_by', reported: 'app_reported', result: 'app_result' },
};

/** What a heartbeat answer tells the kiosk to run. */
export interface DesiredVersions {
  readonly configVersion?: number;
  readonly catalogVersion?: number;
  /** The app release's version (its files: `/v1/releases/{appVersion}/`). */
  readonly appVersion?: string;
}

/** Why a selector names no kiosk set. */
export type SelectorRefusal =
  // `group` names no group
  { readonly kind: 'unknownGroup'; readonly group: string };

const MAX_FLEET_PAGE = 500;

function versionOf(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function kioskOf(r: Record<string, unknown>): FleetKiosk {
  return {
    kioskId: r.id as string,
    kioskCode: r.kiosk_code as string,
    level: (r.level as KioskLevel | null) ?? null,
    regionCode: (r.region_code as string | null) ?? null,
    siteKind: (r.site_kind as SiteKind | null) ?? null,
    siteName: (r.site_name as string | null) ?? null,
    hardware: (r.hardware as string | null) ?? null,
    lastHeartbeatAt: isoOrNull(r.last_heartbeat_at),
    app: { reported: (r.reported_app_version as string | null) ?? null },
    config: { desired: versionOf(r.config_desired), reported: versionOf(r.config_reported), lastResult: (r.config_result as Record<string, unknown> | null) ?? null },
    catalog: { desired: versionOf(r.catalog_desired), reported: versionOf(r.catalog_reported), lastResult: (r.catalog_result as Record<string, unknown> | null) ?? null },
  };
}

/**
 * The WHERE conditions of selectors (all must hold), with their parameters numbered from
 * `firstParam`. Columns: `k` kiosks (its tags).
 */
export function selectorConditions(selectors: readonly Omit<TargetSelector, 'group'>[], firstParam: number): { readonly sql: string; readonly params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  for (const s of selectors) {
    // Region codes are digits only (the schema says so): no LIKE wildcard can slip in.
    if (s.regionPrefix !== undefined) conditions.push(`k.region_code LIKE ${param(s.regionPrefix)} || '%'`);
    if (s.levels) conditions.push(`k.level = ANY(${param([...s.levels])})`);
    if (s.siteKinds) conditions.push(`k.site_kind = ANY(${param([...s.siteKinds])})`);
    if (s.hardware) conditions.push(`k.hardware = ANY(${param([...s.hardware])})`);
    if (s.kioskIds) conditions.push(`k.id = ANY(${param([...s.kioskIds])})`);
  }
  return { sql: conditions.length === 0 ? 'TRUE' : conditions.join(' AND '), params };
}

const FLEET_KIOSK_SELECT = `SELECT k.id, k.kiosk_code, k.level, k.region_code, k.site_kind, k.site_name, k.hardware,
  f.config_desired, f.config_reported, f.config_result, f.catalog_desired, f.catalog_reported, f.catalog_result, s.reported_app_version, s.last_heartbeat_at
  FROM kiosks k LEFT JOIN kiosk_twins f ON f.kiosk_id = k.id LEFT JOIN kiosk_status s ON s.kiosk_id = k.id`;

export class FleetKioskStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Records what a heartbeat reports (running versions; its site fills tags still empty) and
   * answers with the versions the kiosk should run. One round trip: this runs on every heartbeat
   * of the fleet, and the tag update touches a row only while one of its tags is empty.
   */
  async report(kioskId: string, beat: HeartbeatRequest, now: Date): Promise<DesiredVersions> {
    const site = beat.site;
    const [row] = await this.db.query<{ config_desired: number | null; catalog_desired: number | null; app_version: string | null }>(
      `WITH tagged AS (
         UPDATE kiosks SET region_code = COALESCE(region_code, $5), level = COALESCE(level, $6), site_kind = COALESCE(site_kind, $7)
         WHERE id = $1 AND $6::text IS NOT NULL AND (region_code IS NULL OR level IS NULL OR site_kind IS NULL)
         RETURNING id),
       twin AS (
         INSERT INTO kiosk_twins (kiosk_id, config_reported, catalog_reported, reported_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (kiosk_id) DO UPDATE SET
           config_reported = EXCLUDED.config_reported,
           catalog_reported = EXCLUDED.catalog_reported,
           reported_at = EXCLUDED.reported_at
         RETURNING config_desired, catalog_desired, app_desired)
       -- The app's desired release is answered as its version string (the kiosk's feed folder).
       SELECT twin.config_desired, twin.catalog_desired, r.app_version FROM twin LEFT JOIN fleet_app_releases r ON r.release = twin.app_desired`,
      [kioskId, beat.versions.configVersion ?? null, beat.versions.catalogVersion ?? null, now.toISOString(), site?.regionCode ?? null, site?.level ?? null, site ? siteKindOf(site.level) : null],
    );
    const config = versionOf(row?.config_desired);
    const catalog = versionOf(row?.catalog_desired);
    const app = row?.app_version ?? null;
    return { ...(config !== null ? { configVersion: config } : {}), ...(catalog !== null ? { catalogVersion: catalog } : {}), ...(app !== null ? { appVersion: app } : {}) };
  }

  /** The version of `kind` this kiosk should run, if a rollout set one. */
  async desiredVersion(kioskId: string, kind: BundleKind): Promise<number | undefined> {
    const [row] = await this.db.query(`SELECT ${TWIN_COLUMNS[kind].desired} AS version FROM kiosk_twins WHERE kiosk_id = $1`, [kioskId]);
    return versionOf(row?.version) ?? undefined;
  }

  async putGroup(name: string, selector: Omit<TargetSelector, 'group'>, now: Date): Promise<void> {
    await this.db.execute('INSERT INTO fleet_groups (name, selector, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET selector = EXCLUDED.selector, updated_at = EXCLUDED.updated_at', [
      name,
      JSON.stringify(selector),
      now.toISOString(),
    ]);
  }

  async groups(): Promise<Array<{ name: string; selector: Omit<TargetSelector, 'group'>; updatedAt: string }>> {
    const rows = await this.db.query('SELECT name, selector, updated_at FROM fleet_groups ORDER BY name LIMIT 500');
    return rows.map((r) => ({ name: r.name as string, selector: r.selector as Omit<TargetSelector, 'group'>, updatedAt: isoOf(r.updated_at) }));
  }

  /** The selectors a target selector stands for: its group's, then its own fields. */
  async expand(selector: TargetSelector, executor: SqlExecutor = this.db): Promise<{ selectors: Omit<TargetSelector, 'group'>[] } | { refused: SelectorRefusal }> {
    const { group, ...own } = selector;
    if (group === undefined) return { selectors: [own] };
    const [row] = await executor.query('SELECT selector FROM fleet_groups WHERE name = $1', [group]);
    if (!row) return { refused: { kind: 'unknownGroup', group } };
    return { selectors: [row.selector as Omit<TargetSelector, 'group'>, own] };
  }

  /** How many kiosks the selectors match. */
  async countTargets(executor: SqlExecutor, selectors: readonly Omit<TargetSelector, 'group'>[]): Promise<number> {
    const where = selectorConditions(selectors, 1);
    const [row] = await executor.query<{ n: number }>(`SELECT COUNT(*) AS n FROM kiosks k WHERE ${where.sql}`, where.params);
    return Number(row?.n ?? 0);
  }

  /**
   * Writes the kiosks the selectors match as a rollout's targets, in one statement, split into
   * rings of `ringSizes` in this order: kiosks heard from since `onlineSince` first (a canary
   * should be a kiosk that answers), then in registration order. Returns how many it wrote.
   */
  async insertTargets(
    executor: SqlExecutor,
    target: { readonly rolloutId: string; readonly at: string; readonly onlineSince: Date; readonly ringSizes: readonly number[] },
    selectors: readonly Omit<TargetSelector, 'group'>[],
  ): Promise<number> {
    // Ring i takes the positions below the i-th cumulative size; the last ring takes the rest.
    const bounds: number[] = [];
    let covered = 0;
    for (const size of target.ringSizes.slice(0, -1)) bounds.push((covered += size));
    const ringCase = bounds.length === 0 ? '0' : `CASE ${bounds.map((_, i) => `WHEN t.position <= $${4 + i} THEN ${i}`).join(' ')} ELSE ${bounds.length} END`;
    const where = selectorConditions(selectors, 4 + bounds.length);
    return executor.execute(
          `INSERT INTO rollout_kiosks (rollout_id, updated_at, kiosk_id, ring)
           SELECT $1, $2, t.id, ${ringCase} FROM (
             SELECT k.id, ROW_NUMBER() OVER (ORDER BY CASE WHEN s.last_heartbeat_at >= $3 THEN 0 ELSE 1 END, k.created_at, k.id) AS position
             FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id
             WHERE ${where.sql}) t`,
          [target.rolloutId, target.at, target.onlineSince.toISOString(), ...bounds, ...where.params],
        );
  }

  /** One page of kiosks with their fleet view, optionally only those a selector matches. */
  async list(options: { readonly selectors?: readonly Omit<TargetSelector, 'group'>[]; readonly afterId?: string; readonly limit?: number } = {}): Promise<FleetKiosk[]> {
    const limit = clampPage(options.limit, MAX_FLEET_PAGE);
    const where = selectorConditions(options.selectors ?? [], 3);
    const after = options.afterId ? '(k.created_at, k.id) > (SELECT created_at, id FROM kiosks WHERE id = $2)' : '$2::text IS NULL';
    const rows = await this.db.query(`${FLEET_KIOSK_SELECT} WHERE ${after} AND ${where.sql} ORDER BY k.created_at, k.id LIMIT $1`, [limit, options.afterId ?? null, ...where.params]);
    return rows.map(kioskOf);
  }

  /**
   * Records a kiosk's bundle result in its twin (inside the event's transaction): the last result
   * of the kind, and the version it now runs when the result says so.
   */
  async recordResult(tx: SqlExecutor, kioskId: string, result: BundleResultPayload): Promise<void> {
    const c = TWIN_COLUMNS[result.kind];
    const running = result.outcome === 'applied' ? result.version : result.outcome === 'rolledBack' ? result.previousVersion : undefined;
    await tx.execute(
      `INSERT INTO kiosk_twins (kiosk_id, ${c.result}, ${c.reported}) VALUES ($1, $2, $3)
       ON CONFLICT (kiosk_id) DO UPDATE SET ${c.result} = EXCLUDED.${c.result},
         ${c.reported} = CASE WHEN $4 THEN EXCLUDED.${c.reported} ELSE kiosk_twins.${c.reported} END`,
      [kioskId, JSON.stringify(result), running ?? null, running !== undefined],
    );
  }

  /**
   * Records a kiosk's app result in its twin: the payload with `version` as the release number
   * (so rollouts compare it like a bundle version) and `appVersion` as the kiosk said it, and the
   * release it now runs when it applied one.
   */
  async recordAppResult(tx: SqlExecutor, kioskId: string, result: AppUpdateResultPayload, release: number): Promise<void> {
    const c = TWIN_COLUMNS.app;
    const running = result.outcome === 'applied' ? release : undefined;
    await tx.execute(
      `INSERT INTO kiosk_twins (kiosk_id, ${c.result}, ${c.reported}) VALUES ($1, $2, $3)
       ON CONFLICT (kiosk_id) DO UPDATE SET ${c.result} = EXCLUDED.${c.result},
         ${c.reported} = CASE WHEN $4 THEN EXCLUDED.${c.reported} ELSE kiosk_twins.${c.reported} END`,
      [kioskId, JSON.stringify({ ...result, appVersion: result.version, version: release }), running ?? null, running !== undefined],
    );
  }
}
