// `budayang platform loadtest` (issue #12 item 6): starts K platform instances on loopback,
// registers N simulated kiosks (each its own Ed25519 key, bulk-provisioned), runs them for the
// duration (signed heartbeats and event batches at set rates), optionally kills one instance with
// SIGKILL mid-run, lets every kiosk finish pushing what it queued, then checks the platform holds
// every generated event exactly once. Answers requests, rps, p50/p99 latency, errors, lost and
// duplicates.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startInstances, type PlatformInstance } from './platformInstances';
import { makeKioskKeys, SimulatedFleet, type FleetRates, type SimulatedKiosk } from './simulatedFleet';

/** The kiosk config's default heartbeat (kiosk-config/schema.ts `sync.heartbeatSeconds`): the "real" rate. */
export const REAL_HEARTBEAT_SECONDS = 60;

export interface LoadTestOptions {
  readonly kiosks: number;
  readonly durationSeconds: number;
  readonly instances: number;
  /** A PostgreSQL server; absent: the embedded store (one instance only). */
  readonly databaseUrl?: string;
  /** Default: 10× the real rate (6 s). */
  readonly heartbeatSeconds?: number;
  /** Default 24 s: 10× a busy kiosk (about 2 events every 4 minutes while open). */
  readonly batchSeconds?: number;
  readonly eventsPerBatch?: number;
  /** Kill -9 one instance this many seconds into the run (needs 2 or more instances). */
  readonly killOneAtSeconds?: number;
  /** How long kiosks may take after the run to push what they queued. */
  readonly drainTimeoutSeconds?: number;
  /** Environment of the instances (e.g. BUDAYANG_FROM_SOURCE). */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (stderr in the CLI). */
  readonly progress?: (line: string) => void;
}

export interface LoadTestReport {
  readonly store: 'postgres' | 'embedded';
  readonly kiosks: number;
  readonly instances: number;
  readonly durationSeconds: number;
  readonly heartbeatSeconds: number;
  readonly batchSeconds: number;
  readonly eventsPerBatch: number;
  /** Requests sent during the run and the drain (heartbeats and pushes, failures included). */
  readonly requests: number;
  /** Requests per second over the run. */
  readonly rps: number;
  /** Latency of answered requests (client side: sign, send, answer). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Requests that failed (connection refused or reset, timeout, non-200). */
  readonly errors: number;
  /** The failures by HTTP status (0: no answer: refused, reset or timed out). */
  readonly errorsByStatus: Readonly<Record<string, number>>;
  /**
   * Events lost: generated, not held by the platform at the end, and no longer queued at their
   * kiosk (the kiosk was told they were stored). Must be 0 whatever the load.
   */
  readonly lost: number;
  /**
   * Events not held by the platform at the end but still queued at their kiosk when the drain
   * time ran out: not lost (a kiosk keeps them in its outbox and pushes them later), a backlog
   * the platform did not clear in time.
   */
  readonly backlog: number;
  /** Events the platform holds more than once, or answered `accepted` for twice. */
  readonly duplicates: number;
  readonly events: number;
  /** Events the kiosks still held unanswered when the drain time ran out (some may be stored: the answer was lost). */
  readonly unansweredAtEnd: number;
  readonly heartbeats: number;
  readonly heartbeatsSkipped: number;
  /** Set when an instance was killed: when, and its pid. */
  readonly killed: { readonly atSeconds: number; readonly pid: number } | null;
}

const ADMIN_TOKEN = crypto.randomBytes(24).toString('base64url');

/** An admin request, tried a few times: an overloaded instance may fail one (the run is over, it catches up). */
async function adminJson<T>(url: string, method: string, pathname: string, body?: unknown): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const res = await fetch(new URL(pathname, url), {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      if (res.status === 200) return (await res.json()) as T;
      lastError = new Error(`${method} ${pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, attempt * 2000));
  }
  throw new Error(`${method} ${pathname} failed 5 times: ${(lastError as Error).message}`, { cause: lastError });
}

/** Registers the kiosks' keys in pages of 1,000. */
async function provision(url: string, count: number): Promise<SimulatedKiosk[]> {
  const keys = makeKioskKeys(count);
  const kiosks: SimulatedKiosk[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const page = keys.slice(i, i + 1000);
    const { kioskIds } = await adminJson<{ kioskIds: string[] }>(url, 'POST', '/admin/loadtest/kiosks', { kiosks: page.map((k) => ({ kioskCode: k.kioskCode, publicKey: k.publicKey })) });
    page.forEach((k, j) => kiosks.push({ ...k, kioskId: kioskIds[j]! }));
  }
  return kiosks;
}

/**
 * Counts, among the events the platform holds, the generated ones it lacks (lost, or still queued
 * at their kiosk: backlog) and the ones it holds twice.
 */
async function verify(url: string, generated: ReadonlyMap<string, readonly string[]>, queued: ReadonlyMap<string, ReadonlySet<string>>): Promise<{ lost: number; backlog: number; duplicatesStored: number; events: number }> {
  const expected = new Set<string>();
  for (const [kioskId, keys] of generated) for (const key of keys) expected.add(`${kioskId}|${key}`);
  const seen = new Map<string, number>();
  let after = 0;
  for (;;) {
    const page = await adminJson<{ events: Array<{ kioskId: string; idempotencyKey: string }>; nextAfter: number | null }>(url, 'GET', `/admin/events?after=${after}&limit=1000`);
    for (const e of page.events) {
      const key = `${e.kioskId}|${e.idempotencyKey}`;
      if (expected.has(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    if (page.events.length < 1000 || page.nextAfter === null) break;
    after = page.nextAfter;
  }
  let duplicatesStored = 0;
  for (const n of seen.values()) duplicatesStored += n - 1;
  let lost = 0;
  let backlog = 0;
  for (const key of expected) {
    if (seen.has(key)) continue;
    const [kioskId = '', idempotencyKey = ''] = key.split('|');
    if (queued.get(kioskId)?.has(idempotencyKey)) backlog++;
    else lost++;
  }
  return { lost, backlog, duplicatesStored, events: expected.size };
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const say = options.progress ?? (() => {});
  if (!options.databaseUrl && options.instances !== 1) throw new Error('several instances share a PostgreSQL server: give --database-url (the embedded store belongs to one process)');
  if (options.killOneAtSeconds !== undefined && options.instances < 2) throw new Error('killing an instance needs at least 2 (the kiosks fail over to the others)');
  const rates: FleetRates = {
    heartbeatMs: (options.heartbeatSeconds ?? REAL_HEARTBEAT_SECONDS / 10) * 1000,
    batchMs: (options.batchSeconds ?? 24) * 1000,
    eventsPerBatch: options.eventsPerBatch ?? 2,
  };
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-loadtest-'));
  let instances: PlatformInstance[] = [];
  let fleet: SimulatedFleet | undefined;
  try {
    say(`starting ${options.instances} platform instance(s) (${options.databaseUrl ? 'PostgreSQL' : 'embedded store'})…`);
    instances = await startInstances({
      count: options.instances,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      dataRoot,
      adminToken: ADMIN_TOKEN,
      holderLookupKey: crypto.randomBytes(32).toString('base64'),
      heartbeatSeconds: rates.heartbeatMs / 1000,
      env: options.env ?? process.env,
    });
    say(`provisioning ${options.kiosks} kiosks…`);
    const kiosks = await provision(instances[0]!.url, options.kiosks);
    const dead = new Set<number>();
    const run = new SimulatedFleet({ kiosks, instanceUrls: instances.map((i) => i.url), rates, isDead: (i) => dead.has(i) });
    fleet = run;
    say(`running ${options.kiosks} kiosks for ${options.durationSeconds} s: a heartbeat every ${rates.heartbeatMs / 1000} s, ${rates.eventsPerBatch} events every ${rates.batchMs / 1000} s…`);
    const started = performance.now();
    run.start();
    let killed: LoadTestReport['killed'] = null;
    if (options.killOneAtSeconds !== undefined) {
      await new Promise((r) => setTimeout(r, options.killOneAtSeconds! * 1000));
      const victim = instances.length - 1;
      dead.add(victim);
      killed = { atSeconds: options.killOneAtSeconds, pid: instances[victim]!.pid };
      say(`kill -9 instance ${victim} (pid ${killed.pid})`);
      await instances[victim]!.kill9();
    }
    await new Promise((r) => setTimeout(r, Math.max(0, options.durationSeconds * 1000 - (performance.now() - started))));
    run.stopGenerating();
    const seconds = (performance.now() - started) / 1000;
    const requestsInRun = run.counters.requests;
    say(`run over; ${run.unanswered} queued events still to push…`);
    await run.drain((options.drainTimeoutSeconds ?? 120) * 1000);
    const unansweredAtEnd = run.unanswered;
    const queued = run.stillQueued();
    // No more retries while the platform is counted.
    run.close();
    const live = instances.find((i) => i.alive());
    if (!live) throw new Error('no platform instance is alive to verify against');
    say('checking what the platform holds…');
    const checked = await verify(live.url, run.generated, queued);
    return {
      store: options.databaseUrl ? 'postgres' : 'embedded',
      kiosks: options.kiosks,
      instances: options.instances,
      durationSeconds: options.durationSeconds,
      heartbeatSeconds: rates.heartbeatMs / 1000,
      batchSeconds: rates.batchMs / 1000,
      eventsPerBatch: rates.eventsPerBatch,
      requests: run.counters.requests,
      rps: Math.round(requestsInRun / seconds),
      p50Ms: round(run.latencies.percentile(50)),
      p99Ms: round(run.latencies.percentile(99)),
      errors: run.counters.errors,
      errorsByStatus: run.counters.errorsByStatus,
      lost: checked.lost,
      backlog: checked.backlog,
      duplicates: checked.duplicatesStored + run.counters.acceptedTwice,
      events: checked.events,
      unansweredAtEnd,
      heartbeats: run.counters.heartbeats,
      heartbeatsSkipped: run.counters.heartbeatsSkipped,
      killed,
    };
  } finally {
    fleet?.close();
    await Promise.all(instances.map((i) => i.stop()));
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
