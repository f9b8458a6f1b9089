// kill -9 of the process that owns the outbox, at random moments while it syncs (and queues), at
// least 50 times: the platform must end with every committed record exactly once, in stream order.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, openKiosk, provision, startPlatform, tempDir, platformEvents } from '../../integration/sync/support/syncHarness';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
// Bundled once so each spawn starts in ~0.1 s (inside node_modules so better-sqlite3 resolves).
const workerBundle = path.join(repo, 'node_modules', '.cache', 'budayang-sync-tests', `syncWorker-${process.pid}.mjs`);
const KILLS = 50;
/** Kills land 0–MAX_KILL_DELAY_MS after the worker reports it is syncing. */
const MAX_KILL_DELAY_MS = 120;

beforeAll(async () => {
  await build({ entryPoints: [path.join(here, 'support', 'syncWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: workerBundle, external: ['better-sqlite3'], logLevel: 'silent' });
});
afterAll(() => fs.rmSync(workerBundle, { force: true }));

interface Run {
  readonly recovered: number;
  readonly finished: boolean;
}

/** When to kill: a random delay after `ready`, or the instant the Nth push leaves (in flight). */
type KillAt = { readonly afterReadyMs: number } | { readonly atPush: number } | undefined;

function runWorker(dataDir: string, extra: number, killAt: KillAt): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerBundle, dataDir, String(extra), `run${Math.random()}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let recovered = 0;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready recovered=(\d+)/.exec(out);
      if (m) recovered = Number(m[1]);
      if (!killAt) return;
      if ('afterReadyMs' in killAt && m && !killTimer) killTimer = setTimeout(() => child.kill('SIGKILL'), killAt.afterReadyMs);
      if ('atPush' in killAt && (out.match(/pushing \d+/g)?.length ?? 0) > killAt.atPush) child.kill('SIGKILL');
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`worker exited ${code}: ${err}`));
      else resolve({ recovered, finished: out.includes('done') });
    });
  });
}

function committedRecords(dataDir: string): { byStream: Map<string, string[]>; states: Record<string, number> } {
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT idempotency_key, stream_key, state FROM outbox_jobs ORDER BY stream_key, stream_seq').all() as { idempotency_key: string; stream_key: string; state: string }[];
  db.close();
  const byStream = new Map<string, string[]>();
  const states: Record<string, number> = {};
  for (const r of rows) {
    byStream.set(r.stream_key, [...(byStream.get(r.stream_key) ?? []), r.idempotency_key]);
    states[r.state] = (states[r.state] ?? 0) + 1;
  }
  return { byStream, states };
}

describe('kill -9 during sync', () => {
  let platform: PlatformServer;
  afterAll(async () => platform?.close());

  it(`keeps every record exactly once and in order across ${KILLS} kills at random moments`, async () => {
    platform = await startPlatform(tempDir('platform'));
    const dataDir = tempDir('kiosk');
    const kiosk = openKiosk(dataDir);
    await provision(kiosk, platform);
    enqueueSynthetic(kiosk, 2500, 40);
    await kiosk.close();

    let recoveredInFlight = 0;
    for (let i = 0; i < KILLS; i++) {
      // Half the kills at a random time, half exactly while a push is in flight.
      const killAt: KillAt = i % 2 === 0 ? { afterReadyMs: Math.floor(Math.random() * MAX_KILL_DELAY_MS) } : { atPush: Math.floor(Math.random() * 4) };
      const run = await runWorker(dataDir, 30, killAt);
      recoveredInFlight += run.recovered;
    }
    const last = await runWorker(dataDir, 0, undefined);
    recoveredInFlight += last.recovered;
    expect(last.finished).toBe(true);

    const { byStream, states } = committedRecords(dataDir);
    // Every committed record (the 2,500 plus what each worker queued before dying) is acknowledged.
    expect(Object.keys(states)).toEqual(['acked']);
    expect(states.acked).toBeGreaterThan(2500);
    expectExactlyOnceInOrder((await platformEvents(platform)), byStream);
    // Some kills must have hit a push in flight, or the test proved nothing about them.
    expect(recoveredInFlight).toBeGreaterThan(0);
  }, 90_000);

  it('done-when: 1,000 queued while the platform is down all arrive once, in order, though the syncing process is killed midway', async () => {
    const platformDir = tempDir('platform');
    const second = await startPlatform(platformDir);
    const port = Number(new URL(second.url).port);
    const dataDir = tempDir('kiosk');
    const kiosk = openKiosk(dataDir);
    await provision(kiosk, second);
    await second.close();
    const expected = enqueueSynthetic(kiosk, 1000, 25);
    await kiosk.close();
    const down = await runWorker(dataDir, 0, { afterReadyMs: 300 }); // syncs against nothing, then killed
    expect(down.finished).toBe(false);
    const up = await startPlatform(platformDir, port);
    try {
      await runWorker(dataDir, 0, { atPush: 1 });
      await runWorker(dataDir, 0, { afterReadyMs: 15 });
      const final = await runWorker(dataDir, 0, undefined);
      expect(final.finished).toBe(true);
      expectExactlyOnceInOrder((await platformEvents(up)), expected);
      expect(committedRecords(dataDir).states).toEqual({ acked: 1000 });
    } finally {
      await up.close();
    }
  }, 60_000);
});

