// The audit log: one row per admin action, appended and never changed (the table refuses UPDATE,
// DELETE and TRUNCATE by trigger, migration 10), read newest first with keyset paging.
import type { AuditEntry, AuditOutcome } from '../../api/audit';
import { isoOf, type SqlDatabase } from '../storage/sqlDatabase';
import { clampPage } from './eventStore';

/** What is recorded about one action (`seq` and `at` are the store's). */
export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'at'>;

export interface AuditFilter {
  /** Entries older than this seq (the previous page's `nextBefore`). */
  readonly before?: number;
  readonly limit?: number;
  readonly actor?: string;
  /** Exact action, or a prefix ending in `.` (e.g. `accounts.`). */
  readonly action?: string;
  readonly outcome?: AuditOutcome;
}

export const MAX_AUDIT_PAGE = 200;

/** Longest text kept per column, so a hostile user agent or path cannot bloat the log. */
const MAX_TEXT = 300;

function bounded(text: string | null): string | null {
  return text === null ? null : text.slice(0, MAX_TEXT);
}

export class AuditStore {
  constructor(private readonly db: SqlDatabase) {}

  async append(entry: NewAuditEntry, at: Date): Promise<number> {
    const [row] = await this.db.query<{ seq: number }>(
      `INSERT INTO audit_log (at, actor_kind, actor, action, target, outcome, status, error, client_address, user_agent, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
      [
        at.toISOString(),
        entry.actorKind,
        bounded(entry.actor),
        bounded(entry.action) ?? '',
        bounded(entry.target),
        entry.outcome,
        entry.status,
        bounded(entry.error),
        bounded(entry.clientAddress),
        bounded(entry.userAgent),
        entry.detail === null ? null : JSON.stringify(entry.detail),
      ],
    );
    return row!.seq;
  }

  /** One page, newest first. */
  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.before !== undefined && Number.isFinite(filter.before)) where.push(`seq < ${param(Math.trunc(filter.before))}`);
    if (filter.actor) where.push(`actor = ${param(filter.actor)}`);
    if (filter.action) where.push(filter.action.endsWith('.') ? `action LIKE ${param(`${filter.action.replace(/[\\%_]/g, '\\$&')}%`)}` : `action = ${param(filter.action)}`);
    if (filter.outcome) where.push(`outcome = ${param(filter.outcome)}`);
    const limit = param(clampPage(filter.limit, MAX_AUDIT_PAGE));
    const rows = await this.db.query(
      `SELECT seq, at, actor_kind, actor, action, target, outcome, status, error, client_address, user_agent, detail FROM audit_log
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      seq: r.seq as number,
      at: isoOf(r.at),
      actorKind: r.actor_kind as AuditEntry['actorKind'],
      actor: (r.actor as string | null) ?? null,
      action: r.action as string,
      target: (r.target as string | null) ?? null,
      outcome: r.outcome as AuditOutcome,
      status: r.status as number,
      error: (r.error as string | null) ?? null,
      clientAddress: (r.client_address as string | null) ?? null,
      userAgent: (r.user_agent as string | null) ?? null,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    }));
  }
}
