// Platform under fleet load (issue #12 item 6), through the real `budayang platform loadtest`
// runner: 10,000 simulated kiosks (each its own Ed25519 key) at 10× the real heartbeat rate (the
// kiosk config's 60 s → 6 s) with event batches, against 2 platform instances sharing one
// PostgreSQL started for the run with production durability (fsync, synchronous commit); the same
// with one instance killed with SIGKILL mid-run; and the same load against the embedded store.
// Targets: 0 lost, 0 duplicates, p99 ≤ 250 ms. `PLATFORM_LOAD_KIOSKS` / `PLATFORM_LOAD_SECONDS`
// shorten a run (the README figures use the defaults).
import os from 'node:os';
import pg from 'pg';
import { runLoadTest, type LoadTestOptions, type LoadTestReport } from '../../src-main/cli/loadtest/runLoadTest';
import { startPostgresCluster } from '../support/postgresCluster';
import type { BenchFigure } from './types';

const KIOSKS = Number(process.env.PLATFORM_LOAD_KIOSKS ?? 10_000);
const SECONDS = Number(process.env.PLATFORM_LOAD_SECONDS ?? 60);
const P99_TARGET_MS = 250;

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function figures(label: string, report: LoadTestReport, loadAverage: number): BenchFigure[] {
  const offered = report.kiosks / report.heartbeatSeconds + report.kiosks / report.batchSeconds;
  const setup = `${report.kiosks} kiosks, ${report.durationSeconds} s${report.killed ? `, one instance killed at ${report.killed.atSeconds} s` : ''}, machine load average ${loadAverage}`;
  return [
    { name: `${label}: p99 latency (${setup})`, value: report.p99Ms, unit: 'ms', target: `≤ ${P99_TARGET_MS} ms`, ratio: report.p99Ms / P99_TARGET_MS },
    { name: `${label}: p50 latency`, value: report.p50Ms, unit: 'ms' },
    { name: `${label}: requests sent (a heartbeat every ${report.heartbeatSeconds} s, ${report.eventsPerBatch} events every ${report.batchSeconds} s per kiosk)`, value: report.rps, unit: 'req/s', target: `${Math.round(offered)} req/s offered`, ratio: report.rps / offered },
    { name: `${label}: events lost (not stored, no longer queued at their kiosk), of ${report.events}`, value: report.lost, unit: '', target: '0' },
    { name: `${label}: events still queued at the kiosks after a 120 s drain (backlog, not lost)`, value: report.backlog, unit: '' },
    { name: `${label}: events duplicated`, value: report.duplicates, unit: '', target: '0' },
    { name: `${label}: failed requests (resent by the kiosks)`, value: report.errors, unit: '', note: `by status ${JSON.stringify(report.errorsByStatus)}; heartbeats skipped while one was unanswered: ${report.heartbeatsSkipped}` },
  ];
}

/** One scenario's figures, or one figure saying why it could not be measured (the others still count). */
async function scenario(label: string, options: LoadTestOptions, load: () => number): Promise<BenchFigure[]> {
  try {
    return figures(label, await runLoadTest(options), load());
  } catch (e) {
    return [{ name: `${label}: not measured`, value: NaN, unit: '', note: (e as Error).message.slice(0, 300) }];
  }
}

export async function run(): Promise<BenchFigure[]> {
  const env = { ...process.env, BUDAYANG_FROM_SOURCE: '1' };
  const base = { kiosks: KIOSKS, durationSeconds: SECONDS, env, progress: (line: string) => process.stdout.write(`  platformLoad: ${line}\n`) };
  const out: BenchFigure[] = [];
  const load = () => Math.round(os.loadavg()[0]! * 10) / 10;
  const cluster = await startPostgresCluster({ durable: true });
  try {
    out.push(...(await scenario('PostgreSQL, 2 instances', { ...base, instances: 2, databaseUrl: await freshDatabase(cluster.adminUrl, 'load_steady') }, load)));
    out.push(...(await scenario('PostgreSQL, 2 instances, kill -9 of one', { ...base, instances: 2, databaseUrl: await freshDatabase(cluster.adminUrl, 'load_kill'), killOneAtSeconds: Math.round(SECONDS / 2) }, load)));
  } finally {
    cluster.stop();
  }
  out.push(...(await scenario('embedded PGlite, 1 instance', { ...base, instances: 1 }, load)));
  return out;
}
