// kill -9 of the core while citizens submit, at random moments (mid-validation, mid-transaction,
// mid-print), many times over one data directory: every case the citizen was told about exists,
// case numbers stay unique and gap-free (a transaction cut short consumes no number), and every
// application row has exactly its one outbox job and every job its row.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseNumber } from '../../../src-main/core/applications/caseNumber';
import { removeTempDirs, tempDir } from '../../integration/applications/applicationsHarness';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
// Bundled once so each spawn starts fast (inside node_modules so native packages resolve).
const workerBundle = path.join(repo, 'node_modules', '.cache', 'budayang-applications-tests', `submitWorker-${process.pid}.mjs`);
const KILLS = 12;
/** Kills land 0–MAX_KILL_DELAY_MS after the worker is ready to submit (a submit takes ~20–60 ms). */
const MAX_KILL_DELAY_MS = 250;

beforeAll(async () => {
  await build({ entryPoints: [path.join(here, 'support', 'submitWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: workerBundle, packages: 'external', logLevel: 'silent' });
});
afterAll(() => {
  fs.rmSync(workerBundle, { force: true });
  removeTempDirs();
});

/** Runs the worker; kills it `killAfterMs` after `ready` (undefined: let it finish). Returns the cases it reported. */
function runWorker(dataDir: string, count: number, killAfterMs: number | undefined): Promise<{ reported: string[]; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerBundle, dataDir, String(count)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errText = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== undefined && !timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`worker failed (${code}): ${errText.slice(0, 2000)}`));
      // Only whole lines count: a line cut by the kill was never "told" to the citizen.
      const reported = [...out.matchAll(/^submitted (\S+) \S+$/gm)].map((m) => m[1]!);
      resolve({ reported, finished: out.includes('done\n') });
    });
  });
}

describe('kill -9 during Application.Submit', () => {
  it(`keeps every reported case, numbers without gaps or repeats, and pairs rows with jobs over ${KILLS} kills`, async () => {
    const dataDir = tempDir('kill9');
    const reported: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const run = await runWorker(dataDir, 1000, Math.floor(Math.random() * MAX_KILL_DELAY_MS));
      reported.push(...run.reported);
    }
    const last = await runWorker(dataDir, 3, undefined);
    expect(last.finished).toBe(true);
    reported.push(...last.reported);

    const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT a.case_number, a.outbox_job_id, j.stream_key, j.kind FROM applications a LEFT JOIN outbox_jobs j ON j.id = a.outbox_job_id ORDER BY a.case_seq').all() as Array<{ case_number: string; outbox_job_id: number; stream_key: string | null; kind: string | null }>;
    const orphanJobs = db.prepare("SELECT COUNT(*) FROM outbox_jobs j WHERE j.kind = 'application.submitted' AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.outbox_job_id = j.id)").pluck().get();
    db.close();

    // Every case a citizen saw is committed.
    const stored = new Set(rows.map((r) => r.case_number));
    for (const caseNumber of reported) expect(stored.has(caseNumber)).toBe(true);
    // Unique, one day, 1..N without gaps (a killed transaction consumed no number).
    const sequences = rows.map((r) => parseCaseNumber(r.case_number)!.sequence);
    expect(sequences).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(reported.length);
    // Row and job committed together, always.
    for (const row of rows) expect(row).toMatchObject({ stream_key: row.case_number, kind: 'application.submitted' });
    expect(orphanJobs).toBe(0);
    // The killed runs did submit (the kills did not all land before the first submit).
    expect(rows.length - last.reported.length).toBeGreaterThan(0);
  }, 120_000);
});
