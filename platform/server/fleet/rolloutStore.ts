// Rollouts at the platform (docs/fleet.md, "Rollouts"): a published bundle or app release, a target selector
// resolved once into kiosks split into rings, each ring told (its kiosks' desired version set)
// only after the previous one reported and soaked; kiosk results (`fleet.bundleResult`,
// `fleet.appUpdateResult`) counted
// against the abort criteria; pause, resume, cancel, abort. Every decision runs under the
// rollout's row lock, so any number of platform instances may drive the same rollout.
import crypto from 'node:crypto';
import type { CreateRolloutRequest, RingStatus, RolloutAction, RolloutKind, RolloutState, RolloutStatus, TargetSelector } from '../../../src-common/wire/fleetAdmin';
import type { RolloutKiosk, RolloutKioskState } from '../../api/rollouts';
import { isoOf, isoOrNull, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { clampPage } from '../store/eventStore';
import type { BundleStore } from './bundleStore';
import type { ReleaseStore } from './releaseStore';
import { TWIN_COLUMNS, type FleetKioskStore } from './fleetKioskStore';
import { nextStep, planRings, ringReported, type RingCounts, type RolloutStep } from './rolloutPolicy';

/** Why a rollout was not created or an action not taken. */
export type RolloutRefusal =
  // no bundle of this kind and version (or no app release of this number) is published
  | { readonly kind: 'unknownBundle'; readonly message: string }
  // an earlier rollout of this kind already went to this version or a higher one
  | { readonly kind: 'versionNotNewer'; readonly message: string }
  // another rollout of this kind is running or paused
  | { readonly kind: 'anotherRolloutActive'; readonly message: string }
  // the selector names an unknown group, or matches no kiosk
  | { readonly kind: 'noTargets'; readonly message: string }
  // no rollout with this id
  | { readonly kind: 'notFound'; readonly message: string }
  // the action does not apply in the rollout's state (resume a running one, cancel a completed one)
  | { readonly kind: 'wrongState'; readonly message: string };

interface RolloutRow {
  readonly id: string;
  readonly kind: RolloutKind;
  readonly version: number;
  readonly target: TargetSelector;
  readonly ringSizes: number[];
  readonly soakSeconds: number;
  readonly failurePercent: number;
  readonly minKiosks: number;
  readonly offlineAfterSeconds: number;
  readonly state: RolloutState;
  readonly reason: string | null;
  readonly currentRing: number;
  readonly ringSettledAt: string | null;
  readonly note: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const ROLLOUT_COLUMNS = 'id, kind, version, target, ring_sizes, soak_seconds, failure_percent, min_kiosks, offline_after_seconds, state, reason, current_ring, ring_settled_at, note, created_at, updated_at';

function rowOf(r: Record<string, unknown>): RolloutRow {
  return {
    id: r.id as string,
    kind: r.kind as RolloutKind,
    version: Number(r.version),
    target: r.target as TargetSelector,
    ringSizes: r.ring_sizes as number[],
    soakSeconds: Number(r.soak_seconds),
    failurePercent: Number(r.failure_percent),
    minKiosks: Number(r.min_kiosks),
    offlineAfterSeconds: Number(r.offline_after_seconds),
    state: r.state as RolloutState,
    reason: (r.reason as string | null) ?? null,
    currentRing: Number(r.current_ring),
    ringSettledAt: isoOrNull(r.ring_settled_at),
    note: (r.note as string | null) ?? null,
    createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at),
  };
}

export class RolloutStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly kiosks: FleetKioskStore,
    private readonly bundles: BundleStore,
    private readonly releases: ReleaseStore,
  ) {}

  /** Whether what the request names is published (a bundle, or an app release by its number). */
  private async published(kind: RolloutKind, version: number): Promise<string | undefined> {
    if (kind === 'app') {
      if (await this.releases.appVersionOf(version)) return undefined;
      return `no app release number ${version} is published (POST /admin/releases/{appVersion}/publish answers with its number)`;
    }
    if (await this.bundles.info(kind, version)) return undefined;
    return `no ${kind} bundle v${version} is published (PUT /admin/bundles/${kind} or POST /admin/bundles/${kind}/sign first)`;
  }

  /** Creates a rollout and tells its first ring. */
  async create(request: CreateRolloutRequest, now: Date): Promise<{ readonly status: RolloutStatus } | { readonly refused: RolloutRefusal }> {
    const missing = await this.published(request.kind, request.version);
    if (missing) return { refused: { kind: 'unknownBundle', message: missing } };
    const expanded = await this.kiosks.expand(request.target);
    if ('refused' in expanded) return { refused: { kind: 'noTargets', message: `no group named ${expanded.refused.group}` } };
    const id = `R-${crypto.randomUUID()}`;
    const at = now.toISOString();
    const outcome = await this.db.transaction(async (tx): Promise<{ refused: RolloutRefusal } | { ok: true }> => {
      // Rollouts of one kind are created one at a time, across instances.
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [ROLLOUT_LOCK, ROLLOUT_LOCK_OF_KIND[request.kind]]);
      const [active] = await tx.query<{ id: string }>("SELECT id FROM rollouts WHERE kind = $1 AND state IN ('running', 'paused')", [request.kind]);
      if (active) return { refused: { kind: 'anotherRolloutActive', message: `rollout ${active.id} of ${request.kind} is still active; pause, cancel or let it finish first` } };
      const [highest] = await tx.query<{ version: number | null }>('SELECT MAX(version) AS version FROM rollouts WHERE kind = $1', [request.kind]);
      const earlier = highest?.version === null || highest?.version === undefined ? 0 : Number(highest.version);
      if (request.version <= earlier) return { refused: { kind: 'versionNotNewer', message: `a rollout of ${request.kind} v${earlier} exists; kiosks never go back, so a new rollout needs a higher version` } };
      const total = await this.kiosks.countTargets(tx, expanded.selectors);
      if (total === 0) return { refused: { kind: 'noTargets', message: 'the target selector matches no kiosk' } };
      const ringSizes = planRings(total, request.rings);
      await tx.execute(
        `INSERT INTO rollouts (id, kind, version, target, ring_sizes, soak_seconds, failure_percent, min_kiosks, offline_after_seconds, state, reason, current_ring, ring_settled_at, note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', NULL, 0, NULL, $10, $11, $11)`,
        [id, request.kind, request.version, JSON.stringify(request.target), JSON.stringify(ringSizes), request.soakSeconds, request.abort.failurePercent, request.abort.minKiosks, request.offlineAfterSeconds, request.note ?? null, at],
      );
      const written = await this.kiosks.insertTargets(tx, { rolloutId: id, at, onlineSince: new Date(now.getTime() - request.offlineAfterSeconds * 1000), ringSizes }, expanded.selectors);
      // A kiosk registered between the count and the insert joined the last ring.
      if (written !== total) {
        const sizes = ringSizes.map((size, i) => (i === ringSizes.length - 1 ? size + written - total : size));
        await tx.execute('UPDATE rollouts SET ring_sizes = $2 WHERE id = $1', [id, JSON.stringify(sizes)]);
      }
      await this.tell(tx, { id, kind: request.kind, version: request.version }, 0, at);
      return { ok: true };
    });
    if ('refused' in outcome) return outcome;
    return { status: (await this.status(id, now))! };
  }

  /** Sets the desired version of one ring's kiosks (remembering what it was), inside `tx`. */
  private async tell(tx: SqlExecutor, rollout: { readonly id: string; readonly kind: RolloutKind; readonly version: number }, ring: number, at: string): Promise<void> {
    const c = TWIN_COLUMNS[rollout.kind];
    // A twin row for kiosks that never sent a heartbeat (an anti-join: no conflict check per row).
    await tx.execute(
      `INSERT INTO kiosk_twins (kiosk_id) SELECT rk.kiosk_id FROM rollout_kiosks rk LEFT JOIN kiosk_twins f ON f.kiosk_id = rk.kiosk_id
       WHERE rk.rollout_id = $1 AND rk.ring = $2 AND rk.state = 'waiting' AND f.kiosk_id IS NULL ON CONFLICT (kiosk_id) DO NOTHING`,
      [rollout.id, ring],
    );
    // Told, remembering what it was told before; a kiosk that already applied this version (or a
    // later one) has nothing left to do.
    await tx.execute(
      `UPDATE rollout_kiosks rk SET
         state = CASE WHEN f.${c.result} ->> 'outcome' = 'applied' AND (f.${c.result} ->> 'version')::bigint >= $4 THEN 'applied' ELSE 'told' END,
         detail = CASE WHEN f.${c.result} ->> 'outcome' = 'applied' AND (f.${c.result} ->> 'version')::bigint >= $4 THEN 'already running it' ELSE NULL END,
         previous_desired = f.${c.desired}, updated_at = $3
       FROM kiosk_twins f WHERE rk.rollout_id = $1 AND rk.ring = $2 AND rk.state = 'waiting' AND f.kiosk_id = rk.kiosk_id`,
      [rollout.id, ring, at, rollout.version],
    );
    await tx.execute(
      `UPDATE kiosk_twins f SET ${c.desired} = $3, ${c.desiredBy} = $1
       FROM rollout_kiosks rk WHERE rk.rollout_id = $1 AND rk.ring = $2 AND rk.state = 'told' AND f.kiosk_id = rk.kiosk_id
         AND (f.${c.desired} IS NULL OR f.${c.desired} < $3)`,
      [rollout.id, ring, rollout.version],
    );
  }

  /**
   * Stops a rollout (cancel or abort): kiosks not yet told never will be; kiosks told but not yet
   * reporting get their previous desired version back, so one that was offline does not pick the
   * stopped version up when it returns (one that already pulled it still finishes and reports).
   */
  private async stop(tx: SqlExecutor, rollout: RolloutRow, state: 'aborted' | 'canceled', reason: string, at: string): Promise<void> {
    const c = TWIN_COLUMNS[rollout.kind];
    await tx.execute("UPDATE rollout_kiosks SET state = 'skipped', detail = $2, updated_at = $3 WHERE rollout_id = $1 AND state = 'waiting'", [rollout.id, `not told: the rollout was ${state}`, at]);
    await tx.execute(
      `UPDATE kiosk_twins f SET ${c.desired} = rk.previous_desired, ${c.desiredBy} = NULL
       FROM rollout_kiosks rk WHERE rk.rollout_id = $1 AND rk.state = 'told' AND f.kiosk_id = rk.kiosk_id AND f.${c.desiredBy} = $1`,
      [rollout.id],
    );
    await tx.execute('UPDATE rollouts SET state = $2, reason = $3, updated_at = $4 WHERE id = $1', [rollout.id, state, reason, at]);
  }

  private async lock(tx: SqlExecutor, id: string): Promise<RolloutRow | undefined> {
    const [row] = await tx.query(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = $1 FOR UPDATE`, [id]);
    return row ? rowOf(row) : undefined;
  }

  /** Counts per ring: applied, failed, pending (told, no result) and how many of those are offline. */
  private async ringCounts(executor: SqlExecutor, rollout: RolloutRow, now: Date): Promise<RingCounts[]> {
    const offlineSince = new Date(now.getTime() - rollout.offlineAfterSeconds * 1000).toISOString();
    const rows = await executor.query<{ ring: number; state: string; n: number; offline: number }>(
      `SELECT rk.ring, rk.state, COUNT(*) AS n,
         SUM(CASE WHEN s.last_heartbeat_at IS NULL OR s.last_heartbeat_at < $2 THEN 1 ELSE 0 END) AS offline
       FROM rollout_kiosks rk LEFT JOIN kiosk_status s ON s.kiosk_id = rk.kiosk_id
       WHERE rk.rollout_id = $1 GROUP BY rk.ring, rk.state`,
      [rollout.id, offlineSince],
    );
    return rollout.ringSizes.map((kiosks, ring) => {
      const of = (state: string) => rows.filter((r) => Number(r.ring) === ring && r.state === state);
      const sum = (list: typeof rows, key: 'n' | 'offline') => list.reduce((total, r) => total + Number(r[key]), 0);
      return { kiosks, applied: sum(of('applied'), 'n'), failed: sum(of('failed'), 'n'), pending: sum(of('told'), 'n'), offline: sum(of('told'), 'offline') };
    });
  }

  /** Decides and takes the next step of one rollout, under its row lock. */
  async evaluate(id: string, now: Date): Promise<RolloutStep> {
    return this.db.transaction(async (tx) => {
      const rollout = await this.lock(tx, id);
      if (!rollout) return { kind: 'wait' as const };
      const rings = await this.ringCounts(tx, rollout, now);
      const step = nextStep(
        {
          state: rollout.state,
          currentRing: rollout.currentRing,
          ringCount: rollout.ringSizes.length,
          ringSettledAt: rollout.ringSettledAt === null ? null : Date.parse(rollout.ringSettledAt),
          soakSeconds: rollout.soakSeconds,
          abort: { failurePercent: rollout.failurePercent, minKiosks: rollout.minKiosks },
          applied: rings.reduce((t, r) => t + r.applied, 0),
          failed: rings.reduce((t, r) => t + r.failed, 0),
          ring: rings[rollout.currentRing] ?? { kiosks: 0, applied: 0, failed: 0, pending: 0, offline: 0 },
        },
        now.getTime(),
      );
      const at = now.toISOString();
      switch (step.kind) {
        case 'wait':
          break;
        case 'abort':
          await this.stop(tx, rollout, 'aborted', step.reason, at);
          break;
        case 'settled':
          await tx.execute('UPDATE rollouts SET ring_settled_at = $2, updated_at = $2 WHERE id = $1', [id, at]);
          break;
        case 'advance':
          await tx.execute('UPDATE rollouts SET current_ring = $2, ring_settled_at = NULL, updated_at = $3 WHERE id = $1', [id, step.ring, at]);
          await this.tell(tx, rollout, step.ring, at);
          break;
        case 'complete':
          await tx.execute("UPDATE rollouts SET state = 'completed', updated_at = $2 WHERE id = $1", [id, at]);
          break;
        default: {
          const never: never = step;
          throw new Error(`unknown rollout step ${JSON.stringify(never)}`);
        }
      }
      return step;
    });
  }

  /** One evaluation of every running or paused rollout; returns the steps taken (not waits). */
  async evaluateActive(now: Date): Promise<Array<{ rolloutId: string; step: RolloutStep }>> {
    const active = await this.db.query<{ id: string }>("SELECT id FROM rollouts WHERE state IN ('running', 'paused') ORDER BY created_at LIMIT 100");
    const taken: Array<{ rolloutId: string; step: RolloutStep }> = [];
    for (const { id } of active) {
      const step = await this.evaluate(id, now);
      if (step.kind !== 'wait') taken.push({ rolloutId: id, step });
    }
    return taken;
  }

  /** Pause, resume, cancel or abort by an admin (`by` names them in the stop reason). */
  async act(id: string, action: RolloutAction, now: Date, by = 'an admin'): Promise<{ readonly status: RolloutStatus } | { readonly refused: RolloutRefusal }> {
    const at = now.toISOString();
    const refused = await this.db.transaction(async (tx): Promise<RolloutRefusal | undefined> => {
      const rollout = await this.lock(tx, id);
      if (!rollout) return { kind: 'notFound', message: `no rollout ${id}` };
      const active = rollout.state === 'running' || rollout.state === 'paused';
      switch (action) {
        case 'pause':
          if (rollout.state !== 'running') return { kind: 'wrongState', message: `rollout ${id} is ${rollout.state}; only a running rollout pauses` };
          await tx.execute("UPDATE rollouts SET state = 'paused', updated_at = $2 WHERE id = $1", [id, at]);
          return undefined;
        case 'resume':
          if (rollout.state !== 'paused') return { kind: 'wrongState', message: `rollout ${id} is ${rollout.state}; only a paused rollout resumes` };
          // The soak starts over: time spent paused is not time watched.
          await tx.execute("UPDATE rollouts SET state = 'running', ring_settled_at = NULL, updated_at = $2 WHERE id = $1", [id, at]);
          return undefined;
        case 'cancel':
        case 'abort':
          if (!active) return { kind: 'wrongState', message: `rollout ${id} is already ${rollout.state}` };
          await this.stop(tx, rollout, action === 'cancel' ? 'canceled' : 'aborted', `${action === 'cancel' ? 'canceled' : 'aborted'} by ${by}`, at);
          return undefined;
        default: {
          const never: never = action;
          return { kind: 'wrongState', message: `unknown action ${String(never)}` };
        }
      }
    });
    if (refused) return { refused };
    return { status: (await this.status(id, now))! };
  }

  async status(id: string, now: Date): Promise<RolloutStatus | undefined> {
    const [row] = await this.db.query(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = $1`, [id]);
    return row ? this.statusOf(rowOf(row), now) : undefined;
  }

  /** Newest first, one page. */
  /** A rollout's kiosks in ring order, then by id (one page), optionally of one ring or state. */
  async targets(
    id: string,
    page: { readonly ring?: number; readonly state?: RolloutKioskState; readonly after?: string; readonly limit?: number },
  ): Promise<RolloutKiosk[] | undefined> {
    const [exists] = await this.db.query('SELECT 1 FROM rollouts WHERE id = $1', [id]);
    if (!exists) return undefined;
    const after = page.after
      ? '(rk.ring, rk.kiosk_id) > (SELECT ring, kiosk_id FROM rollout_kiosks WHERE rollout_id = $1 AND kiosk_id = $4)'
      : '$4::text IS NULL';
    const rows = await this.db.query(
      `SELECT rk.kiosk_id, k.kiosk_code, rk.ring, rk.state, rk.detail, rk.updated_at, s.last_heartbeat_at
       FROM rollout_kiosks rk JOIN kiosks k ON k.id = rk.kiosk_id LEFT JOIN kiosk_status s ON s.kiosk_id = rk.kiosk_id
       WHERE rk.rollout_id = $1 AND ($2::int IS NULL OR rk.ring = $2) AND ($3::text IS NULL OR rk.state = $3) AND ${after}
       ORDER BY rk.ring, rk.kiosk_id LIMIT $5`,
      [id, page.ring ?? null, page.state ?? null, page.after ?? null, clampPage(page.limit, 500)],
    );
    return rows.map((r) => ({
      kioskId: r.kiosk_id as string,
      kioskCode: r.kiosk_code as string,
      ring: Number(r.ring),
      state: r.state as RolloutKioskState,
      detail: (r.detail as string | null) ?? null,
      updatedAt: isoOf(r.updated_at),
      lastHeartbeatAt: isoOrNull(r.last_heartbeat_at),
    }));
  }

  async list(now: Date, limit = 50): Promise<RolloutStatus[]> {
    const rows = await this.db.query(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts ORDER BY created_at DESC, id DESC LIMIT $1`, [clampPage(limit, 200)]);
    return Promise.all(rows.map((r) => this.statusOf(rowOf(r), now)));
  }

  private async statusOf(rollout: RolloutRow, now: Date): Promise<RolloutStatus> {
    const counts = await this.ringCounts(this.db, rollout, now);
    const active = rollout.state === 'running' || rollout.state === 'paused';
    const rings = counts.map((c, index): RingStatus => {
      const state: RingStatus['state'] =
        index < rollout.currentRing
          ? 'done'
          : index > rollout.currentRing
            ? active
              ? 'waiting'
              : 'skipped'
            : !active
              ? 'done'
              : rollout.ringSettledAt !== null && ringReported(c)
                ? 'soaking'
                : 'active';
      return { index, ...c, state };
    });
    const total = (key: 'applied' | 'failed' | 'pending') => counts.reduce((t, c) => t + c[key], 0);
    return {
      rolloutId: rollout.id,
      kind: rollout.kind,
      version: rollout.version,
      state: rollout.state,
      reason: rollout.reason,
      target: rollout.target,
      currentRing: rollout.currentRing,
      rings,
      totals: { kiosks: rollout.ringSizes.reduce((t, n) => t + n, 0), applied: total('applied'), failed: total('failed'), pending: total('pending') },
      soakSeconds: rollout.soakSeconds,
      soakEndsAt: active && rollout.ringSettledAt !== null ? new Date(Date.parse(rollout.ringSettledAt) + rollout.soakSeconds * 1000).toISOString() : null,
      abort: { failurePercent: rollout.failurePercent, minKiosks: rollout.minKiosks },
      offlineAfterSeconds: rollout.offlineAfterSeconds,
      createdAt: rollout.createdAt,
      updatedAt: rollout.updatedAt,
      note: rollout.note,
    };
  }

  /**
   * Counts a kiosk's bundle or app result in the rollout that told it (inside the event's
   * transaction): applied, or failed (rolled back or refused) with the reason. A result for a
   * version no rollout told the kiosk about changes no rollout.
   */
  async recordResult(tx: SqlExecutor, kioskId: string, result: RolloutResult, at: string): Promise<void> {
    if (result.version === null) return;
    const state = result.outcome === 'applied' ? 'applied' : 'failed';
    const detail = result.outcome === 'applied' ? 'applied' : `${result.outcome} (${result.reason}): ${result.detail}`.slice(0, 2000);
    await tx.execute(
      `UPDATE rollout_kiosks rk SET state = $4, detail = $5, updated_at = $6
       FROM rollouts r WHERE r.id = rk.rollout_id AND r.kind = $2 AND r.version = $3 AND rk.kiosk_id = $1 AND rk.state = 'told'`,
      [kioskId, result.kind, result.version, state, detail, at],
    );
  }
}

/**
 * What a kiosk reported about one version a rollout delivers: a `fleet.bundleResult`, or a
 * `fleet.appUpdateResult` whose app version the projection turned into its release number.
 */
export type RolloutResult =
  | { readonly kind: RolloutKind; readonly version: number | null; readonly outcome: 'applied'; readonly detail: string }
  | { readonly kind: RolloutKind; readonly version: number | null; readonly outcome: 'rolledBack' | 'refused'; readonly reason: string; readonly detail: string };

/** The second key of the creation lock: one creation at a time per kind. */
const ROLLOUT_LOCK_OF_KIND: Readonly<Record<RolloutKind, number>> = { config: 1, catalog: 2, app: 3 };

/** `pg_advisory_xact_lock` first key of rollout creation: ASCII "BDYR". */
const ROLLOUT_LOCK = 0x42445952;
