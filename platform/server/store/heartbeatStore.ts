// Heartbeats and the offline watch (issue #12 items 4 and 6). The hot path is one statement for
// all the heartbeats arriving together: each kiosk's status row is replaced (with the conditions
// the beat shows, each keeping the time it was first seen) and its signed commands acknowledged
// or handed out. Only when the set of due conditions differs from the alerts open for
// the kiosk, or the kiosk was marked offline, does a second transaction raise and clear alerts. The offline watch runs on one instance at a
// time (a try-lock) and marks kiosks whose heartbeats stopped.
import type { SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import type { HeartbeatRequest } from '../../../src-common/wire/wire';
import { MAX_COMMANDS_PER_ANSWER } from '../fleet/commandStore';
import { derivedHeartbeatColumns } from '../fleet/kioskHealth';
import type { SignedNonce } from './signedNonce';
import { dueConditionKeys, heartbeatConditions, parseConditionKey, type MonitoringPolicy } from '../monitoring/alertRules';
import { distinctRounds, MicroBatcher } from '../storage/microBatcher';
import { isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import type { AlertStore } from './alertStore';

/** `pg_try_advisory_xact_lock` key of the offline watch: ASCII "BDYO". */
export const MONITOR_LOCK_KEY = 0x4244594f;

/** Kiosks the offline watch marks per statement (it loops until none is left). */
const OFFLINE_BATCH = 1000;

/** What one offline watch pass did. */
export interface OfflineWatchReport {
  /** false: another instance held the lock, or this one has not listened long enough to judge. */
  readonly ran: boolean;
  /** Kiosks newly marked offline (an alert each). */
  readonly markedOffline: readonly string[];
}

/**
 * Records the heartbeats of several kiosks (one each) in one statement: each request's nonce
 * spent (a nonce seen before makes that heartbeat a replay, recorded nowhere), each status row
 * replaced with its conditions merged (a condition seen before keeps its first-seen time) and the
 * columns the console counts by, the commands the kiosk lists as received acknowledged, and the
 * rest of its signed commands (unacknowledged, unexpired, oldest first, at most $2) returned and
 * marked delivered: a command is handed out in every answer until acknowledged (docs/fleet.md).
 * $1 the beats as JSON. `pending` leaves out what `acked` acknowledges, as every part of one
 * statement sees the table as it was before the statement.
 */
const RECORD_HEARTBEATS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(kiosk_id text, at timestamptz, beat jsonb, conditions jsonb, nonce text, nonce_expires timestamptz,
    degraded boolean, reported_app_version text, reported_config text, received jsonb)
), fresh AS (
  INSERT INTO request_nonces (kiosk_id, nonce, expires_at)
  SELECT kiosk_id, nonce, nonce_expires FROM input ORDER BY kiosk_id
  ON CONFLICT DO NOTHING RETURNING kiosk_id
), up AS (
  INSERT INTO kiosk_status AS ks (kiosk_id, last_heartbeat_at, last_heartbeat, conditions, degraded, reported_app_version, reported_config)
  SELECT kiosk_id, at, beat, conditions, degraded, reported_app_version, reported_config FROM input WHERE kiosk_id IN (SELECT kiosk_id FROM fresh) ORDER BY kiosk_id
  ON CONFLICT (kiosk_id) DO UPDATE SET
    last_heartbeat_at = EXCLUDED.last_heartbeat_at,
    last_heartbeat = EXCLUDED.last_heartbeat,
    conditions = (SELECT COALESCE(jsonb_object_agg(c.key, COALESCE(ks.conditions -> c.key, c.value)), '{}'::jsonb) FROM jsonb_each(EXCLUDED.conditions) AS c),
    degraded = EXCLUDED.degraded,
    reported_app_version = EXCLUDED.reported_app_version,
    reported_config = EXCLUDED.reported_config
  RETURNING ks.kiosk_id, ks.conditions, ks.alerted, ks.offline_since
), acked AS (
  UPDATE commands c SET acked_at = i.at FROM input i
  WHERE i.kiosk_id IN (SELECT kiosk_id FROM fresh) AND c.kiosk_id = i.kiosk_id AND c.acked_at IS NULL
    AND c.id IN (SELECT jsonb_array_elements_text(i.received))
  RETURNING c.id
), pending AS (
  SELECT id, kiosk_id, signed, created_at FROM (
    SELECT c.id, c.kiosk_id, c.signed, c.created_at, row_number() OVER (PARTITION BY c.kiosk_id ORDER BY c.created_at, c.id) AS n
    FROM commands c JOIN input i ON i.kiosk_id = c.kiosk_id
    WHERE c.kiosk_id IN (SELECT kiosk_id FROM fresh) AND c.acked_at IS NULL AND c.signed IS NOT NULL AND c.expires_at > i.at
      AND c.id NOT IN (SELECT id FROM acked)
  ) AS unacknowledged WHERE n <= $2
), delivered AS (
  UPDATE commands c SET delivered_at = i.at FROM pending p, input i WHERE c.id = p.id AND i.kiosk_id = c.kiosk_id AND c.delivered_at IS NULL
  RETURNING c.id
)
SELECT up.kiosk_id, up.conditions, up.alerted, up.offline_since,
  (SELECT COALESCE(jsonb_agg(p.signed ORDER BY p.created_at, p.id), '[]'::jsonb) FROM pending p WHERE p.kiosk_id = up.kiosk_id) AS commands
FROM up`;

/** A heartbeat waiting to be recorded with others, named as the statement's columns. */
interface BeatRow {
  readonly kiosk_id: string;
  readonly at: string;
  readonly beat: HeartbeatRequest;
  /** The conditions it shows, each first seen now. */
  readonly conditions: Readonly<Record<string, string>>;
  readonly nonce: string;
  readonly nonce_expires: string;
  /** Derived columns the console counts and filters by (fleet/kioskHealth.ts). */
  readonly degraded: boolean;
  readonly reported_app_version: string | null;
  readonly reported_config: string | null;
  /** Commands the kiosk stored since its last answered heartbeat: no longer delivered. */
  readonly received: readonly string[];
}

/** What recording a heartbeat came to. */
export type HeartbeatOutcome =
  // recorded; these signed commands are to deliver (again, until the kiosk acknowledges them)
  | { readonly kind: 'recorded'; readonly commands: SignedRemoteCommand[] }
  // its nonce was spent before: a replayed request, nothing recorded
  | { readonly kind: 'replay' };

/** What the database answered for one heartbeat. */
type BeatRecorded = {
  readonly conditions: Record<string, string>;
  readonly alerted: string[];
  readonly offline_since: Date | null;
  /** The signed commands as stored (JSON text each, so their bytes reach the kiosk unchanged). */
  readonly commands: string[];
};

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export class HeartbeatStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly alerts: AlertStore,
    private readonly policy: MonitoringPolicy,
    /** When this instance started listening (its clock). */
    private readonly startedAtMs: number,
  ) {}

  /**
   * Records a heartbeat, acknowledges the commands it lists as received, hands out the rest, and
   * brings the kiosk's heartbeat alerts in line with what it shows. (Command results travel as
   * `fleet.commandResult` events, not in the heartbeat.)
   */
  async record(kioskId: string, beat: HeartbeatRequest, now: Date, signed: SignedNonce): Promise<HeartbeatOutcome> {
    const at = now.toISOString();
    const conditions = Object.fromEntries([...heartbeatConditions(beat, this.policy).keys()].map((key) => [key, at]));
    const derived = derivedHeartbeatColumns(beat);
    const row = await this.beats.submit({
      kiosk_id: kioskId,
      at,
      beat,
      conditions,
      nonce: signed.nonce,
      nonce_expires: signed.expiresAt.toISOString(),
      degraded: derived.degraded,
      reported_app_version: derived.reportedAppVersion,
      reported_config: derived.reportedConfig,
      received: beat.receivedCommandIds ?? [],
    });
    if (!row) return { kind: 'replay' };
    if (row.offline_since !== null || !sameSet(dueConditionKeys(row.conditions, now.getTime(), this.policy), new Set(row.alerted))) {
      await this.reconcileAlerts(kioskId);
    }
    return { kind: 'recorded', commands: row.commands.map((text) => JSON.parse(text) as SignedRemoteCommand) };
  }

  /** Heartbeats arriving together are recorded in one statement (storage/microBatcher.ts). */
  private readonly beats = new MicroBatcher<BeatRow, BeatRecorded | undefined>('heartbeats', (rows) => this.recordMany(rows), { maxItems: 500, maxConcurrent: 2, maxQueued: 10_000 });

  /** One answer per row; undefined for a replay (its nonce was spent before). */
  private async recordMany(rows: readonly BeatRow[]): Promise<Array<BeatRecorded | undefined>> {
    const answers = new Array<BeatRecorded | undefined>(rows.length);
    // One statement may touch a kiosk's row once: a second beat of a kiosk goes in the next round.
    for (const round of distinctRounds(rows, (r) => r.kiosk_id)) {
      const recorded = await this.db.query<BeatRecorded & { kiosk_id: string }>(RECORD_HEARTBEATS, [JSON.stringify(round.map((r) => r.item)), MAX_COMMANDS_PER_ANSWER]);
      const byKiosk = new Map(recorded.map((r) => [r.kiosk_id, r]));
      for (const { item, index } of round) answers[index] = byKiosk.get(item.kiosk_id);
    }
    return answers;
  }

  /**
   * Raises and clears the kiosk's heartbeat alerts to match its latest heartbeat, and ends its
   * offline alert, under its status row lock (a concurrent heartbeat waits, then finds it done).
   */
  private async reconcileAlerts(kioskId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ conditions: Record<string, string>; alerted: string[]; offline_since: Date | null; last_heartbeat_at: Date; last_heartbeat: HeartbeatRequest }>(
        'SELECT conditions, alerted, offline_since, last_heartbeat_at, last_heartbeat FROM kiosk_status WHERE kiosk_id = $1 FOR UPDATE',
        [kioskId],
      );
      if (!row) return;
      const at = isoOf(row.last_heartbeat_at);
      const due = dueConditionKeys(row.conditions, Date.parse(at), this.policy);
      const alerted = new Set(row.alerted);
      const shown = heartbeatConditions(row.last_heartbeat, this.policy);
      const toRaise = [...due].filter((k) => !alerted.has(k)).flatMap((k) => shown.get(k) ?? []);
      const toClear = [...alerted].filter((k) => !due.has(k)).map(parseConditionKey);
      await this.alerts.raise(tx, kioskId, toRaise, at);
      await this.alerts.clear(tx, kioskId, toClear, at);
      if (row.offline_since !== null) await this.alerts.clear(tx, kioskId, [{ code: 'kioskOffline', subject: 'kiosk' }], at);
      await tx.execute('UPDATE kiosk_status SET alerted = $2, offline_since = NULL WHERE kiosk_id = $1', [kioskId, JSON.stringify([...due].sort())]);
    });
  }

  /**
   * One pass of the offline watch at `now`: every kiosk whose last heartbeat is older than
   * `missedHeartbeats` intervals, not yet marked, is marked offline with a kioskOffline alert.
   * One instance at a time; a busy lock means another instance is watching. A kiosk that never
   * sent a heartbeat has no status row and is not watched until its first.
   */
  async watchOffline(now: Date): Promise<OfflineWatchReport> {
    const silence = this.policy.missedHeartbeats * this.policy.heartbeatIntervalMs;
    // After the platform itself was down, every kiosk looks silent: only an instance that has
    // been listening for the whole window may call a kiosk offline (another one usually has).
    if (now.getTime() - this.startedAtMs < silence) return { ran: false, markedOffline: [] };
    const cutoff = new Date(now.getTime() - silence).toISOString();
    const at = now.toISOString();
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [MONITOR_LOCK_KEY]);
      if (!lock?.locked) return { ran: false, markedOffline: [] };
      const marked: string[] = [];
      for (;;) {
        const stale = await this.markStale(tx, cutoff, at);
        marked.push(...stale);
        if (stale.length < OFFLINE_BATCH) return { ran: true, markedOffline: marked };
      }
    });
  }

  private async markStale(tx: SqlExecutor, cutoff: string, at: string): Promise<string[]> {
    const stale = await tx.query<{ kiosk_id: string; last_heartbeat_at: Date }>(
      'SELECT kiosk_id, last_heartbeat_at FROM kiosk_status WHERE offline_since IS NULL AND last_heartbeat_at < $1 ORDER BY last_heartbeat_at LIMIT $2 FOR UPDATE SKIP LOCKED',
      [cutoff, OFFLINE_BATCH],
    );
    if (stale.length === 0) return [];
    for (const s of stale) {
      const lastHeartbeatAt = isoOf(s.last_heartbeat_at);
      await this.alerts.raise(tx, s.kiosk_id, [
        {
          code: 'kioskOffline',
          subject: 'kiosk',
          detail: { lastHeartbeatAt, missedHeartbeats: this.policy.missedHeartbeats, heartbeatIntervalSeconds: this.policy.heartbeatIntervalMs / 1000 },
        },
      ], at);
    }
    await tx.execute('UPDATE kiosk_status SET offline_since = $2 WHERE kiosk_id = ANY($1)', [stale.map((s) => s.kiosk_id), at]);
    return stale.map((s) => s.kiosk_id);
  }
}
