// Sync benchmarks: durable enqueue throughput against a bare better-sqlite3 insert loop with the
// same pragmas (same run, same disk), 10,000 records drained to the local reference platform over
// real HTTP, and resident memory before and after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { PlatformClient, provisionKiosk } from '../../src-main/core/sync/PlatformClient';
import { openSyncStack } from '../../src-main/core/sync/openSyncStack';
import { SyncEngine } from '../../src-main/core/sync/SyncEngine';
import { applyPragmas } from '../../src-main/core/storage/openKioskDatabase';
import { createPlatformServer } from '../../platform/server/createPlatformServer';
import type { BenchFigure } from './types';


const ENQUEUE_COUNT = 1000;
const ENQUEUE_ROUNDS = 3;
const DRAIN_COUNT = 10_000;
const DRAIN_BATCH = 500;

const benchDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-bench-sync-${prefix}-`));
  benchDirs.push(dir);
  return dir;
}

function bareInsertsPerSecond(dir: string, count: number): number {
  const db = new Database(path.join(dir, 'bare.sqlite'));
  applyPragmas(db);
  db.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO jobs (k, stream, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  const started = performance.now();
  for (let i = 0; i < count; i++) insert.run(`key-${i}`, `case:${i % 50}`, 'application.submitted', JSON.stringify({ index: i }), new Date().toISOString());
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

function outboxEnqueuesPerSecond(dir: string, count: number): number {
  const stack = unwrap(openSyncStack({ dataDir: dir, log: silentLogger }));
  const started = performance.now();
  for (let i = 0; i < count; i++) unwrap(stack.outbox.enqueue({ streamKey: `case:${i % 50}`, kind: 'dev.synthetic', payload: { index: i }, pii: { name: '测试' } }));
  const seconds = (performance.now() - started) / 1000;
  stack.close();
  return count / seconds;
}

export async function run(): Promise<BenchFigure[]> {
  const rssBefore = process.memoryUsage().rss;
  const figures: BenchFigure[] = [];

  // Interleave baseline and outbox, pairing each outbox round with the baseline just before it,
  // and report the median pair: fsync time on a shared disk drifts, pairs share the drift.
  const pairs: Array<{ bare: number; outbox: number }> = [];
  for (let round = 0; round < ENQUEUE_ROUNDS; round++) {
    pairs.push({ bare: bareInsertsPerSecond(tempDir('bare'), ENQUEUE_COUNT), outbox: outboxEnqueuesPerSecond(tempDir('outbox'), ENQUEUE_COUNT) });
  }
  pairs.sort((a, b) => a.outbox / a.bare - b.outbox / b.bare);
  const median = pairs[Math.floor(pairs.length / 2)]!;
  const ratios = pairs.map((p) => (p.outbox / p.bare).toFixed(2)).join(', ');
  figures.push({ name: 'bare better-sqlite3 insert (WAL, synchronous=FULL, one tx each)', value: Math.round(median.bare), unit: 'rows/s', note: 'baseline, same run' });
  figures.push({ name: 'durable outbox enqueue (encrypted PII, per-stream seq, one tx each)', value: Math.round(median.outbox), unit: 'jobs/s', target: '≥ 0.8 × baseline', ratio: Number((median.outbox / median.bare).toFixed(2)), note: `median of ${ENQUEUE_ROUNDS} paired rounds; ratios ${ratios}` });

  // Drain 10,000 records to the reference platform over loopback HTTP.
  const platform = await createPlatformServer({ dataDir: tempDir('platform'), port: 0, adminToken: 'bench' });
  const stack = unwrap(openSyncStack({ dataDir: tempDir('drain'), log: silentLogger }));
  unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'BENCH1', appVersion: 'bench' }));
  stack.db.transaction(() => {
    for (let i = 0; i < DRAIN_COUNT; i++) stack.outbox.enqueueInTransaction(stack.db, { streamKey: `case:${i % 200}`, kind: 'dev.synthetic', payload: { index: i, service: 'residence-permit' } });
  })();
  const engine = new SyncEngine({ outbox: stack.outbox, client: new PlatformClient({ identity: stack.identity }), log: silentLogger, batchSize: DRAIN_BATCH });
  const started = performance.now();
  const outcome = await engine.drain();
  const seconds = (performance.now() - started) / 1000;
  const delivered = (await platform.store.events.count());
  figures.push({
    name: `drain ${DRAIN_COUNT} records to the local reference platform (batches of ${DRAIN_BATCH})`,
    value: Math.round(delivered / seconds),
    unit: 'events/s',
    target: '≥ 2000 events/s',
    ratio: Number((delivered / seconds / 2000).toFixed(2)),
    note: `${outcome.kind}, ${delivered} stored, ${seconds.toFixed(2)} s`,
  });
  await engine.stop();
  stack.close();
  await platform.close();

  const rssAfter = process.memoryUsage().rss;
  for (const dir of benchDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  figures.push({ name: 'resident memory before', value: Math.round(rssBefore / 1048576), unit: 'MiB' });
  figures.push({ name: 'resident memory after', value: Math.round(rssAfter / 1048576), unit: 'MiB', note: `+${Math.round((rssAfter - rssBefore) / 1048576)} MiB` });
  return figures;
}
