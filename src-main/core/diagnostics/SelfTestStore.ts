// Kept self-test runs (docs/technicians.md): every run with its steps and timings, in the kiosk
// database, so the screen, the CLI, the heartbeat and the diagnostics bundle read the same history.
import type Database from 'better-sqlite3';
import { SelfTestRun } from '../../../src-common/api/technician';

/** Runs kept per device; older ones go (a history, not an archive). */
export const RUNS_KEPT_PER_DEVICE = 50;

export class SelfTestStore {
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR REPLACE INTO self_test_runs (run_id, device_id, started_at, outcome, body) VALUES (?, ?, ?, ?, ?)');
    this.prune = db.prepare(
      `DELETE FROM self_test_runs WHERE device_id = ? AND run_id NOT IN (
         SELECT run_id FROM self_test_runs WHERE device_id = ? ORDER BY started_at DESC LIMIT ${RUNS_KEPT_PER_DEVICE})`,
    );
  }

  /** Records one finished run durably (the caller's error handling decides what a failed write means). */
  record(run: SelfTestRun): void {
    this.db.transaction(() => {
      this.insert.run(run.runId, run.deviceId, run.startedAt, run.outcome, JSON.stringify(run));
      this.prune.run(run.deviceId, run.deviceId);
    })();
  }

  /** Newest first. */
  history(limit: number, deviceId?: string): SelfTestRun[] {
    const rows = (deviceId
      ? this.db.prepare('SELECT body FROM self_test_runs WHERE device_id = ? ORDER BY started_at DESC LIMIT ?').all(deviceId, limit)
      : this.db.prepare('SELECT body FROM self_test_runs ORDER BY started_at DESC LIMIT ?').all(limit)) as Array<{ body: string }>;
    return rows.flatMap((r) => {
      const parsed = SelfTestRun.safeParse(JSON.parse(r.body));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** The latest run of each device (for the heartbeat). */
  latestPerDevice(): SelfTestRun[] {
    const rows = this.db
      .prepare('SELECT body FROM self_test_runs r WHERE started_at = (SELECT MAX(started_at) FROM self_test_runs s WHERE s.device_id = r.device_id) ORDER BY device_id')
      .all() as Array<{ body: string }>;
    return rows.flatMap((r) => {
      const parsed = SelfTestRun.safeParse(JSON.parse(r.body));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
