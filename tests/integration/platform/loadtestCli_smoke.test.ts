// A small run of the real `budayang platform loadtest` (issue #12 item 6; the full load is
// `npm run bench -- platformLoad`): a few kiosks with their own keys against the embedded store,
// or, in the PostgreSQL run, against two instances sharing a database with one killed with
// SIGKILL mid-run. Every event generated is stored exactly once either way.
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadTestReport } from '../../../src-main/cli/loadtest/runLoadTest';
import { runBudayang, stopAllKioskProcesses, tempDataDir } from '../../support/kioskProcess';
import { platformStoreUnderTest, testDatabaseUrl } from '../../support/platformDatabase';

afterEach(() => stopAllKioskProcesses());

/** Runs the command to its end and parses its one JSON line. */
async function loadtest(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; report: LoadTestReport; output: string }> {
  const proc = runBudayang(['platform', 'loadtest', '--json', ...args], tempDataDir('budayang-loadtest-smoke-'), env);
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', (c) => resolve(c)));
  const line = proc.output().split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON report:\n${proc.output()}`);
  return { code, report: JSON.parse(line) as LoadTestReport, output: proc.output() };
}

describe('budayang platform loadtest (smoke)', () => {
  it('stores every event of a small fleet exactly once, and says so in its report', async () => {
    const onPostgres = platformStoreUnderTest() === 'postgres';
    const args = ['--kiosks', '30', '--duration', '6', '--heartbeat-seconds', '1', '--batch-seconds', '1', '--events-per-batch', '2'];
    const { code, report, output } = onPostgres
      ? await loadtest([...args, '--instances', '2', '--kill-one-at', '3'], { BUDAYANG_DATABASE_URL: (await testDatabaseUrl(tempDataDir('budayang-loadtest-db-')))! })
      : await loadtest(args);
    expect(code, output).toBe(0);
    expect(report).toMatchObject({ kiosks: 30, instances: onPostgres ? 2 : 1, store: onPostgres ? 'postgres' : 'embedded', lost: 0, backlog: 0, duplicates: 0 });
    // 30 kiosks × 2 events a second for about 6 s (each starts at a random phase of its first second).
    expect(report.events).toBeGreaterThan(30 * 2 * 4);
    // Every kiosk beat each second: answered, or skipped while its previous beat was unanswered
    // (how many were answered depends on how busy the machine is, not on correctness).
    expect(report.heartbeats).toBeGreaterThan(0);
    expect(report.heartbeats + report.heartbeatsSkipped).toBeGreaterThan(30 * 4);
    expect(report.requests).toBeGreaterThan(report.heartbeats);
    expect(report.p99Ms).toBeGreaterThanOrEqual(report.p50Ms);
    if (onPostgres) expect(report.killed).toMatchObject({ atSeconds: 3 });
  }, 180_000);

  it('refuses what it cannot do: several instances without a database server', async () => {
    const proc = runBudayang(['platform', 'loadtest', '--kiosks', '5', '--duration', '2', '--instances', '2'], tempDataDir('budayang-loadtest-smoke-'), { BUDAYANG_DATABASE_URL: '' });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(proc.output()).toContain('several instances share a PostgreSQL server');
  }, 60_000);
});
