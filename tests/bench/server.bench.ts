// The loopback server under hostile input and load, against a real core process (the built one
// when dist/ exists): 100,000 random HTTP requests (tests/support/httpFuzz.ts) with the core still
// answering afterwards, and the core's memory under three clients that send 20,000 commands each
// and never read an answer, against the +64 MiB budget.
import fs from 'node:fs';
import path from 'node:path';
import { runHttpFuzz } from '../support/httpFuzz';
import { REPO, startCore, stopAllKioskProcesses } from '../support/kioskProcess';
import { runStuckClients } from '../support/stuckClients';
import type { BenchFigure } from './types';

const FUZZ_REQUESTS = 100_000;
const STUCK_CLIENTS = 3;
const STUCK_COMMANDS = 20_000;
const RSS_BUDGET_MIB = 64;

export async function run(): Promise<BenchFigure[]> {
  const built = fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.mjs'));
  const env = { BUDAYANG_LOG_STDERR: '1', ...(built ? { BUDAYANG_FROM_SOURCE: '' } : {}) };
  const figures: BenchFigure[] = [];
  try {
    const fuzzed = await startCore({ env });
    const report = await runHttpFuzz({ port: fuzzed.port, count: FUZZ_REQUESTS, seed: Date.now() });
    const serverErrors = [...report.statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
    const health = await fetch(new URL('/healthz', fuzzed.baseUrl)).then((r) => r.status, () => 0);
    if (!fuzzed.alive() || health !== 200) throw new Error(`the core did not survive the fuzz (alive ${fuzzed.alive()}, /healthz ${health})`);
    if (serverErrors > 0) throw new Error(`${serverErrors} requests answered with 5xx: ${JSON.stringify(Object.fromEntries(report.statuses))}`);
    figures.push({ name: 'HTTP fuzz: random requests, core answering after (0 5xx)', value: report.sent, unit: 'requests', target: '≥ 100,000', ratio: report.sent / FUZZ_REQUESTS, note: JSON.stringify(Object.fromEntries(report.statuses)) });
    figures.push({ name: 'HTTP fuzz throughput (16 keep-alive connections)', value: Math.round(report.sent / (report.elapsedMs / 1000)), unit: 'requests/s' });
    await fuzzed.stop();

    const loaded = await startCore({ env });
    const stuck = await runStuckClients(loaded, STUCK_CLIENTS, STUCK_COMMANDS);
    if (!stuck.answeredAfter) throw new Error('the core stopped answering under stuck clients');
    const growthMiB = (stuck.peakBytes - stuck.idleBytes) / (1024 * 1024);
    figures.push({ name: 'core RSS growth: 3 clients × 20,000 commands, never reading', value: Math.round(growthMiB * 10) / 10, unit: 'MiB', target: `≤ ${RSS_BUDGET_MIB} MiB over idle`, ratio: growthMiB / RSS_BUDGET_MIB, note: `idle ${Math.round(stuck.idleBytes / 1048576)} MiB, peak ${Math.round(stuck.peakBytes / 1048576)} MiB` });
    await loaded.stop();
  } finally {
    await stopAllKioskProcesses();
  }
  return figures;
}
