// Signed remote commands at the platform (docs/fleet.md): stored signed, delivered in every
// heartbeat answer until the kiosk lists them as received (so a crash or a lost answer loses
// none), closed by the kiosk's `fleet.commandResult` event. All state is in the database.
import type { SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import type { CommandResultPayload } from '../../../src-common/wire/fleetEvents';
import { isoOrNull, isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { clampPage } from '../store/eventStore';
import type { FleetCommand } from '../../api/rollouts';

/** Most commands one heartbeat answer carries (the wire's limit). */
export const MAX_COMMANDS_PER_ANSWER = 100;

export interface CommandRow {
  readonly commandId: string;
  readonly kioskId: string;
  readonly action: string;
  readonly urgent: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  /** First handed out in a heartbeat answer. */
  readonly deliveredAt: string | null;
  /** The kiosk listed it as stored: no longer delivered. */
  readonly acknowledgedAt: string | null;
  /** `done | failed | expired | refused` once its result arrived. */
  readonly outcome: string | null;
  readonly detail: string | null;
  readonly finishedAt: string | null;
}

function rowOf(r: Record<string, unknown>): CommandRow {
  return {
    commandId: r.id as string,
    kioskId: r.kiosk_id as string,
    action: r.kind as string,
    urgent: Boolean(r.urgent),
    createdAt: isoOf(r.created_at),
    expiresAt: isoOrNull(r.expires_at),
    deliveredAt: isoOrNull(r.delivered_at),
    acknowledgedAt: isoOrNull(r.acked_at),
    outcome: (r.outcome as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    finishedAt: isoOrNull(r.finished_at),
  };
}

const COLUMNS = 'id, kiosk_id, kind, urgent, created_at, expires_at, delivered_at, acked_at, outcome, detail, finished_at';

export class CommandStore {
  constructor(private readonly db: SqlDatabase) {}

  async queue(command: SignedRemoteCommand): Promise<void> {
    await this.db.execute('INSERT INTO commands (id, kiosk_id, kind, created_at, signed, expires_at, urgent) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      command.commandId,
      command.kioskId,
      command.action.kind,
      command.createdAt,
      JSON.stringify(command),
      command.expiresAt,
      command.urgent,
    ]);
  }

  /**
   * Marks `received` (the kiosk stored them) as acknowledged, then returns what is still to
   * deliver: unacknowledged, unexpired, oldest first. One transaction, so two instances answering
   * beats of one kiosk never disagree about what was acknowledged.
   */
  async deliver(kioskId: string, received: readonly string[], now: Date): Promise<SignedRemoteCommand[]> {
    const at = now.toISOString();
    return this.db.transaction(async (tx) => {
      if (received.length > 0) await tx.execute('UPDATE commands SET acked_at = $1 WHERE kiosk_id = $2 AND id = ANY($3) AND acked_at IS NULL', [at, kioskId, [...received]]);
      const pending = await tx.query<{ id: string; signed: string }>(
        'SELECT id, signed FROM commands WHERE kiosk_id = $1 AND acked_at IS NULL AND signed IS NOT NULL AND expires_at > $2 ORDER BY created_at, id LIMIT $3',
        [kioskId, at, MAX_COMMANDS_PER_ANSWER],
      );
      if (pending.length > 0) await tx.execute('UPDATE commands SET delivered_at = $1 WHERE id = ANY($2) AND delivered_at IS NULL', [at, pending.map((c) => c.id)]);
      return pending.map((c) => JSON.parse(c.signed) as SignedRemoteCommand);
    });
  }

  /** Closes a command with the kiosk's result (inside the event's transaction); a repeat changes nothing. */
  async recordResult(tx: SqlExecutor, kioskId: string, result: CommandResultPayload): Promise<void> {
    await tx.execute('UPDATE commands SET outcome = $1, detail = $2, finished_at = $3, acked_at = COALESCE(acked_at, $3) WHERE id = $4 AND kiosk_id = $5 AND outcome IS NULL', [
      result.outcome,
      result.detail,
      result.finishedAt,
      result.commandId,
      kioskId,
    ]);
  }

  async byId(commandId: string): Promise<CommandRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM commands WHERE id = $1`, [commandId]);
    return row ? rowOf(row) : undefined;
  }

  /**
   * Commands newest first, with the kiosk's code, optionally of one kiosk or action (one page,
   * before the command `before`).
   */
  async recent(page: { readonly kioskId?: string; readonly action?: string; readonly before?: string; readonly limit?: number }): Promise<FleetCommand[]> {
    const before = page.before ? '(c.created_at, c.id) < (SELECT created_at, id FROM commands WHERE id = $3)' : '$3::text IS NULL';
    const rows = await this.db.query(
      `SELECT ${COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')}, k.kiosk_code FROM commands c LEFT JOIN kiosks k ON k.id = c.kiosk_id
       WHERE ($1::text IS NULL OR c.kiosk_id = $1) AND ($2::text IS NULL OR c.kind = $2) AND ${before}
       ORDER BY c.created_at DESC, c.id DESC LIMIT $4`,
      [page.kioskId ?? null, page.action ?? null, page.before ?? null, clampPage(page.limit, 200)],
    );
    // The columns hold only what the wire schemas allowed in (kinds, outcomes).
    return rows.map((r) => ({ ...rowOf(r), action: r.kind as FleetCommand['action'], outcome: (r.outcome as FleetCommand['outcome']) ?? null, kioskCode: (r.kiosk_code as string | null) ?? null }));
  }

  /** A kiosk's commands, oldest first (one page). */
  async list(kioskId: string, limit = 100): Promise<CommandRow[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM commands WHERE kiosk_id = $1 ORDER BY created_at, id LIMIT $2`, [kioskId, clampPage(limit, 500)]);
    return rows.map(rowOf);
  }
}
