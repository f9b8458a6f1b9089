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


/** Durable writes per side, in alternating blocks (see interleavedEnqueues). */
const ENQUEUE_BLOCK = 25;
const ENQUEUE_BLOCKS = 80;
const DRAIN_COUNT = 10_000;
const DRAIN_BATCH = 500;

const benchDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-bench-sync-${prefix}-`));
  benchDirs.push(dir);
  return dir;
}

/** The baseline: one row with one unique index, autocommit, on a database with the kiosk's pragmas. */
function bareInserter(dir: string): { insert(i: number): void; close(): void } {
  const db = new Database(path.join(dir, 'bare.sqlite'));
  applyPragmas(db);
  db.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL)');
  const statement = db.prepare('INSERT INTO jobs (k, stream, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  return {
    insert: (i) => void statement.run(`key-${i}`, `case:${i % 50}`, 'application.submitted', JSON.stringify({ index: i }), new Date().toISOString()),
    close: () => db.close(),
  };
}

/**
 * Bare inserts and durable outbox enqueues (encrypted PII, per-stream sequence) in alternating
 * blocks, each side one fsynced transaction per record on its own database on the same disk.
 * Fsync latency on a shared disk drifts by several times within seconds; adjacent blocks share
 * the drift, so the ratio is the median over adjacent pairs (the block order alternates too).
 */
function interleavedEnqueues(): { bare: number; outbox: number; ratio: number; pairRatios: number[] } {
  const bare = bareInserter(tempDir('bare'));
  const stack = unwrap(openSyncStack({ dataDir: tempDir('outbox'), log: silentLogger }));
  const enqueue = (i: number) => void unwrap(stack.outbox.enqueue({ streamKey: `case:${i % 50}`, kind: 'dev.synthetic', payload: { index: i }, pii: { name: '测试' } }));
  const timed = (work: (i: number) => void, from: number) => {
    const started = performance.now();
    for (let i = from; i < from + ENQUEUE_BLOCK; i++) work(i);
    return performance.now() - started;
  };
  timed(bare.insert, 1_000_000);
  timed(enqueue, 1_000_000);
  let bareMs = 0;
  let outboxMs = 0;
  const pairRatios: number[] = [];
  for (let block = 0; block < ENQUEUE_BLOCKS; block++) {
    const from = block * ENQUEUE_BLOCK;
    let b: number;
    let o: number;
    if (block % 2 === 0) {
      b = timed(bare.insert, from);
      o = timed(enqueue, from);
    } else {
      o = timed(enqueue, from);
      b = timed(bare.insert, from);
    }
    bareMs += b;
    outboxMs += o;
    pairRatios.push(b / o);
  }
  bare.close();
  stack.close();
  const count = ENQUEUE_BLOCK * ENQUEUE_BLOCKS;
  return { bare: count / (bareMs / 1000), outbox: count / (outboxMs / 1000), ratio: median(pairRatios), pairRatios };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const rssBefore = process.memoryUsage().rss;
  const figures: BenchFigure[] = [];

  const enqueues = interleavedEnqueues();
  const spread = `${Math.min(...enqueues.pairRatios).toFixed(2)}–${Math.max(...enqueues.pairRatios).toFixed(2)}`;
  figures.push({ name: 'bare better-sqlite3 insert (WAL, synchronous=FULL, one tx each)', value: Math.round(enqueues.bare), unit: 'rows/s', note: 'baseline, same run' });
  figures.push({
    name: 'durable outbox enqueue (encrypted PII, per-stream seq, one tx each)',
    value: Math.round(enqueues.outbox),
    unit: 'jobs/s',
    target: '≥ 0.8 × baseline',
    ratio: Number(enqueues.ratio.toFixed(2)),
    note: `median of ${ENQUEUE_BLOCKS} adjacent block pairs (${ENQUEUE_BLOCK} commits each side); pair ratios ${spread}`,
  });

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
