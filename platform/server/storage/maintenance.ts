// Housekeeping every instance runs at start and then hourly, one instance at a time (a try-lock:
// a busy lock means another instance is doing it): month partitions of `events` created ahead,
// partitions past the retention dropped whole, and expired nonces, rate-limit windows and
// provisioning codes deleted by time. PostgreSQL declarative partitioning; see docs/platform.md
// for the openGauss form.
import { SCHEMA_LOCK_KEY } from './migrations';
import type { SqlDatabase, SqlExecutor } from './sqlDatabase';

export interface RetentionPolicy {
  /** Whole months of events (and their idempotency keys) kept before the current month. */
  readonly eventMonths: number;
  /** Used or expired provisioning codes are deleted this long after they expired. */
  readonly provisioningCodeDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { eventMonths: 24, provisioningCodeDays: 30 };

/** Month partitions created ahead of the current month, so the DEFAULT partition stays empty. */
const MONTHS_AHEAD = 2;

/** What one maintenance pass did (for logs and tests). */
export interface MaintenanceReport {
  /** false: another instance held the lock; nothing was done. */
  readonly ran: boolean;
  readonly partitionsCreated: readonly string[];
  readonly partitionsDropped: readonly string[];
  readonly rowsPurged: number;
}

/** UTC start of the month `offset` months after the month of `at`. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** `events_y2026m11`: the partition holding events received in that UTC month. */
export function partitionName(month: Date): string {
  return `events_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

const PARTITION_PATTERN = /^events_y(\d{4})m(\d{2})$/;

async function ensurePartition(tx: SqlExecutor, month: Date): Promise<string | undefined> {
  const name = partitionName(month);
  const exists = await tx.query('SELECT 1 FROM pg_class WHERE relname = $1', [name]);
  if (exists.length > 0) return undefined;
  const from = month.toISOString();
  const to = monthStart(month, 1).toISOString();
  // Rows that fell into DEFAULT for this month (the platform was down for months) move into the
  // new partition first: PostgreSQL refuses to add a partition whose rows sit in DEFAULT.
  const stray = await tx.query('SELECT 1 FROM events_default WHERE received_at >= $1 AND received_at < $2 LIMIT 1', [from, to]);
  if (stray.length === 0) {
    await tx.exec(`CREATE TABLE ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
    return name;
  }
  await tx.exec(`CREATE TABLE ${name} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await tx.execute(`WITH moved AS (DELETE FROM events_default WHERE received_at >= $1 AND received_at < $2 RETURNING *) INSERT INTO ${name} SELECT * FROM moved`, [from, to]);
  await tx.exec(`ALTER TABLE events ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`);
  return name;
}

/** Runs one maintenance pass at `now` (the platform's clock). */
export async function runMaintenance(db: SqlDatabase, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<MaintenanceReport> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SCHEMA_LOCK_KEY]);
    if (!lock?.locked) return { ran: false, partitionsCreated: [], partitionsDropped: [], rowsPurged: 0 };
    const created: string[] = [];
    for (let offset = 0; offset <= MONTHS_AHEAD; offset++) {
      const name = await ensurePartition(tx, monthStart(now, offset));
      if (name) created.push(name);
    }

    const cutoff = monthStart(now, -policy.eventMonths);
    const partitions = await tx.query<{ name: string }>("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass");
    const dropped: string[] = [];
    for (const { name } of partitions) {
      const m = PARTITION_PATTERN.exec(name);
      if (!m) continue;
      const end = monthStart(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)), 1);
      if (end <= cutoff) {
        await tx.exec(`DROP TABLE ${name}`);
        dropped.push(name);
      }
    }
    const cutoffIso = cutoff.toISOString();
    const nowIso = now.toISOString();
    let purged = await tx.execute('DELETE FROM events_default WHERE received_at < $1', [cutoffIso]);
    purged += await tx.execute('DELETE FROM event_keys WHERE received_at < $1', [cutoffIso]);
    // Struggle counts (#16 item 15) are kept as long as the events they came in.
    purged += await tx.execute('DELETE FROM struggle_counts WHERE hour_start < $1', [cutoffIso]);
    purged += await tx.execute('DELETE FROM request_nonces WHERE expires_at < $1', [nowIso]);
    purged += await tx.execute('DELETE FROM rate_limits WHERE window_start < $1', [new Date(now.getTime() - 86_400_000).toISOString()]);
    purged += await tx.execute('DELETE FROM provisioning_codes WHERE expires_at < $1', [new Date(now.getTime() - policy.provisioningCodeDays * 86_400_000).toISOString()]);
    // Console sessions past their absolute lifetime (idle ones are refused on use and end here too).
    purged += await tx.execute('DELETE FROM admin_sessions WHERE expires_at < $1', [nowIso]);
    return { ran: true, partitionsCreated: created, partitionsDropped: dropped, rowsPurged: purged };
  });
}
