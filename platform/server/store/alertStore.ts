// Alerts at the platform (issue #12 item 4): raised de-duplicated (one open alert per kiosk, code
// and subject, by a partial unique index; a repeat only counts), acknowledged and cleared or
// resolved with an audit trail, listed in pages with filters. Raise and clear take the caller's
// executor, so an alert commits with the heartbeat, event or journal entry that caused it.
import type { Alert, AlertHistoryEntry, AlertSeverity, AlertState, PlatformAlertCode } from '../../../src-common/wire/monitoringWire';
import { err, ok, type Result } from '../../../src-common/result';
import type { WireEvent } from '../../../src-common/wire/wire';
import { ALERT_RULES, eventAlertActions, type AlertCondition } from '../monitoring/alertRules';
import { isoOf, isoOrNull, type Row, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { clampPage } from './eventStore';

/** Most alerts one page returns. */
export const MAX_ALERT_PAGE = 200;

/** The actor of what the platform does by itself. */
export const PLATFORM_ACTOR = 'platform';

/** Which alerts a list shows by state: `active` is open or acknowledged (not yet cleared). */
export type AlertStateFilter = AlertState | 'active';

export interface AlertListQuery {
  readonly state?: AlertStateFilter;
  readonly severity?: AlertSeverity;
  readonly code?: PlatformAlertCode;
  readonly kioskId?: string;
  /** The last alert id of the previous page (newest first). */
  readonly after?: number;
  readonly limit?: number;
}

/** Why an acknowledge or resolve was refused. */
export type AlertActionRefusal =
  // no alert with this id
  | 'notFound'
  // already cleared or resolved
  | 'alreadyCleared'
  // the platform clears it when its condition ends; closing it by hand would hide a live fault
  | 'clearsItself';

const ALERT_COLUMNS = 'id, kiosk_id, code, subject, severity, source, detail, raised_at, last_seen_at, occurrences, acknowledged_at, acknowledged_by, cleared_at, cleared_by';

function stateOf(r: Row): AlertState {
  if (r.cleared_at) return 'cleared';
  return r.acknowledged_at ? 'acknowledged' : 'open';
}

function toAlert(r: Row): Alert {
  return {
    alertId: r.id as number,
    kioskId: r.kiosk_id as string,
    code: r.code as PlatformAlertCode,
    subject: r.subject as string,
    severity: r.severity as AlertSeverity,
    state: stateOf(r),
    source: r.source as Alert['source'],
    detail: r.detail as Record<string, unknown>,
    raisedAt: isoOf(r.raised_at),
    lastSeenAt: isoOf(r.last_seen_at),
    occurrences: r.occurrences as number,
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    clearedAt: isoOrNull(r.cleared_at),
    clearedBy: (r.cleared_by as string | null) ?? null,
  };
}

async function addHistory(tx: SqlExecutor, alertId: number, at: string, action: AlertHistoryEntry['action'], actor: string, note: string | null): Promise<void> {
  await tx.execute('INSERT INTO alert_history (alert_id, seq, at, action, actor, note) SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM alert_history WHERE alert_id = $1', [alertId, at, action, actor, note]);
}

export class AlertStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Raises each condition for the kiosk: a new alert (audited `raised`), or, when one is already
   * open for the same code and subject, one more occurrence of it. Returns the new alerts' ids.
   */
  async raise(tx: SqlExecutor, kioskId: string, conditions: readonly AlertCondition[], at: string, severity?: AlertSeverity): Promise<number[]> {
    const raised: number[] = [];
    for (const c of conditions) {
      const rule = ALERT_RULES[c.code];
      const [row] = await tx.query<{ id: number; occurrences: number }>(
        `INSERT INTO alerts (id, kiosk_id, code, subject, severity, source, detail, raised_at, last_seen_at, occurrences)
         VALUES (nextval('alerts_seq'), $1, $2, $3, $4, $5, $6, $7, $7, 1)
         ON CONFLICT (kiosk_id, code, subject) WHERE cleared_at IS NULL
         DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, occurrences = alerts.occurrences + 1, detail = EXCLUDED.detail, severity = EXCLUDED.severity
         RETURNING id, occurrences`,
        [kioskId, c.code, c.subject, severity ?? rule.severity, rule.source, JSON.stringify(c.detail), at],
      );
      if (row && row.occurrences === 1) {
        await tx.execute("INSERT INTO alert_history (alert_id, seq, at, action, actor, note) VALUES ($1, 1, $2, 'raised', $3, NULL)", [row.id, at, PLATFORM_ACTOR]);
        raised.push(row.id);
      }
    }
    return raised;
  }

  /**
   * Clears the open alert of each (code, subject) on the kiosk, if there is one (audited
   * `cleared`, by the platform or by the person whose action ended the condition).
   */
  async clear(tx: SqlExecutor, kioskId: string, keys: ReadonlyArray<{ readonly code: PlatformAlertCode; readonly subject: string }>, at: string, actor = PLATFORM_ACTOR): Promise<number> {
    let cleared = 0;
    for (const k of keys) {
      const rows = await tx.query<{ id: number }>('UPDATE alerts SET cleared_at = $4, cleared_by = $5 WHERE kiosk_id = $1 AND code = $2 AND subject = $3 AND cleared_at IS NULL RETURNING id', [kioskId, k.code, k.subject, at, actor]);
      for (const r of rows) await addHistory(tx, r.id, at, 'cleared', actor, null);
      cleared += rows.length;
    }
    return cleared;
  }

  /** Projector: kiosk-reported alerts and bundle results raise and clear alerts, in event order. */
  readonly projectEvents = async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string): Promise<void> => {
    for (const event of accepted) {
      for (const action of eventAlertActions(event)) {
        if (action.action === 'raise') await this.raise(tx, kioskId, [action.condition], receivedAt, action.severity);
        else await this.clear(tx, kioskId, [{ code: action.code, subject: action.subject }], receivedAt);
      }
    }
  };

  /** A person takes the alert. Acknowledging it again changes nothing; a cleared alert is refused. */
  async acknowledge(alertId: number, actor: string, note: string | null, now: Date): Promise<Result<Alert, AlertActionRefusal>> {
    return this.db.transaction(async (tx): Promise<Result<Alert, AlertActionRefusal>> => {
      const [row] = await tx.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 FOR UPDATE`, [alertId]);
      if (!row) return err('notFound');
      if (row.cleared_at) return err('alreadyCleared');
      if (row.acknowledged_at) return ok(toAlert(row));
      const at = now.toISOString();
      const [updated] = await tx.query(`UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 RETURNING ${ALERT_COLUMNS}`, [alertId, at, actor]);
      await addHistory(tx, alertId, at, 'acknowledged', actor, note);
      return ok(toAlert(updated!));
    });
  }

  /** A person closes an alert whose condition cannot end by itself, saying what was done. */
  async resolve(alertId: number, actor: string, note: string, now: Date): Promise<Result<Alert, AlertActionRefusal>> {
    return this.db.transaction(async (tx): Promise<Result<Alert, AlertActionRefusal>> => {
      const [row] = await tx.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 FOR UPDATE`, [alertId]);
      if (!row) return err('notFound');
      if (row.cleared_at) return err('alreadyCleared');
      if (ALERT_RULES[row.code as PlatformAlertCode]?.ending !== 'person') return err('clearsItself');
      const at = now.toISOString();
      const [updated] = await tx.query(`UPDATE alerts SET cleared_at = $2, cleared_by = $3 WHERE id = $1 RETURNING ${ALERT_COLUMNS}`, [alertId, at, actor]);
      await addHistory(tx, alertId, at, 'resolved', actor, note);
      return ok(toAlert(updated!));
    });
  }

  async byId(alertId: number): Promise<{ alert: Alert; history: AlertHistoryEntry[] } | undefined> {
    const [row] = await this.db.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [alertId]);
    if (!row) return undefined;
    // An alert is raised, acknowledged and cleared: a few lines; 100 is a bound, not a page.
    const history = await this.db.query('SELECT at, action, actor, note FROM alert_history WHERE alert_id = $1 ORDER BY seq LIMIT 100', [alertId]);
    return {
      alert: toAlert(row),
      history: history.map((h) => ({ at: isoOf(h.at), action: h.action as AlertHistoryEntry['action'], actor: h.actor as string, note: (h.note as string | null) ?? null })),
    };
  }

  /** One page of alerts, newest first, filtered (keyset paging on the alert id). */
  async list(query: AlertListQuery = {}): Promise<Alert[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    switch (query.state) {
      case undefined:
        break;
      case 'active':
        where.push('cleared_at IS NULL');
        break;
      case 'open':
        where.push('cleared_at IS NULL AND acknowledged_at IS NULL');
        break;
      case 'acknowledged':
        where.push('cleared_at IS NULL AND acknowledged_at IS NOT NULL');
        break;
      case 'cleared':
        where.push('cleared_at IS NOT NULL');
        break;
      default: {
        const never: never = query.state;
        throw new Error(`unknown alert state filter ${String(never)}`);
      }
    }
    if (query.severity) where.push(`severity = $${params.push(query.severity)}`);
    if (query.code) where.push(`code = $${params.push(query.code)}`);
    if (query.kioskId) where.push(`kiosk_id = $${params.push(query.kioskId)}`);
    if (query.after !== undefined) where.push(`id < $${params.push(query.after)}`);
    const limit = `$${params.push(clampPage(query.limit, MAX_ALERT_PAGE))}`;
    const rows = await this.db.query(`SELECT ${ALERT_COLUMNS} FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`, params);
    return rows.map(toAlert);
  }
}
