// The struggle counts at the platform (#16 item 15): each `help.struggleCounts` event adds its
// counts to the kiosk's (hour, service, step, signal) rows, in the transaction that stores the
// push (so a re-sent event, refused as a duplicate, adds nothing); the console reads them summed
// over the last days.
import type { StruggleRow } from '../../api/help';
import { MAX_STRUGGLE_ROWS } from '../../api/help';
import { STRUGGLE_COUNTS_KIND, StruggleCountsPayload, type StruggleSignal } from '../../../src-common/wire/helpWire';
import type { WireEvent } from '../../../src-common/wire/wire';
import type { SqlDatabase, SqlExecutor } from '../storage/sqlDatabase';

export interface StruggleQuery {
  /** Counts of hours starting at or after this moment. */
  readonly since: Date;
  readonly kioskId?: string;
  readonly signal?: StruggleSignal;
}

export class StruggleStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Projector: adds the counts of every accepted `help.struggleCounts` event. */
  readonly projectCounts = async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[]): Promise<void> => {
    for (const event of accepted) {
      if (event.kind !== STRUGGLE_COUNTS_KIND) continue;
      // The event registry checked it on receipt; parsed again here for its types.
      const payload = StruggleCountsPayload.parse(event.payload);
      for (const c of payload.counts) {
        await tx.execute(
          `INSERT INTO struggle_counts (kiosk_id, hour_start, service, step, signal, count) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (kiosk_id, hour_start, service, step, signal) DO UPDATE SET count = struggle_counts.count + EXCLUDED.count`,
          [kioskId, payload.hourStart, c.service, c.step, c.signal, c.count],
        );
      }
    }
  };

  /** Counts summed per (service, step, signal) since the given hour, largest first (at most MAX_STRUGGLE_ROWS). */
  async summary(query: StruggleQuery): Promise<StruggleRow[]> {
    const params: unknown[] = [query.since.toISOString()];
    const where = ['hour_start >= $1'];
    if (query.kioskId) where.push(`kiosk_id = $${params.push(query.kioskId)}`);
    if (query.signal) where.push(`signal = $${params.push(query.signal)}`);
    const rows = await this.db.query<{ service: string; step: string; signal: string; total: string | number; kiosks: string | number }>(
      `SELECT service, step, signal, SUM(count) AS total, COUNT(DISTINCT kiosk_id) AS kiosks FROM struggle_counts
       WHERE ${where.join(' AND ')} GROUP BY service, step, signal ORDER BY total DESC, service, step, signal LIMIT ${MAX_STRUGGLE_ROWS}`,
      params,
    );
    return rows.map((r) => ({ service: r.service, step: r.step, signal: r.signal as StruggleSignal, count: Number(r.total), kiosks: Number(r.kiosks) }));
  }
}
