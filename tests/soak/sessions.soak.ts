// Soak, part `sessions`: whole citizen journeys through the API on the simulators, no UI, many
// times over one kiosk core in this process — session start, ID card read, an application with a
// fee, the fee paid in cash (notes through the simulated acceptor), receipts, a proof printed on
// A4, session end — against the reference platform in a child process (so its memory is not
// counted). After a warm-up it watches resident memory, open file descriptors and active
// handles/timers: a kiosk that runs for months must not grow in any of them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, type ClientSocket } from '../../src-common/api/client';
import { silentLogger } from '../../src-common/logging';
import { unwrap, type Result } from '../../src-common/result';
import { createInMemorySocket } from '../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../src-main/core/createKioskCore';
import { openSyncStack } from '../../src-main/core/sync/openSyncStack';
import { provisionKiosk } from '../../src-main/core/sync/PlatformClient';
import { CashServiceId } from '../../src-main/core/payments/CashService';
import { OutboxId } from '../../src-main/core/storage/storageServices';
import { until as waitUntil } from '../support/until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The item applied for in every session: 15.00 yuan, paid with a 10 and a 5. */
const FEE_ITEM = 'hk-macao-endorsement';
const FEE_NOTES = [1000, 500];
/** Limits the soak checks (issue #10 item 9). */
const RSS_GROWTH_LIMIT = 0.1;
/**
 * The simulated acceptor is polled every 50 ms instead of the unit's 200 ms: a cash-in takes a
 * fifth of the time, so 10,000 journeys fit in an hour or two; the driver's work per note is the
 * same (its 200 ms timing is what tests/integration and the benchmarks exercise).
 */
const SOAK_ACCEPTOR_POLL_MS = 50;
/**
 * The simulated cash box holds 500 notes, as a unit's does; a kiosk's is emptied (清机) long
 * before, which the soak stands for with a box that never fills. A full box is its own fault
 * test (tests/faults/payments/billAcceptor_stacker_full.test.ts).
 */
const SOAK_STACKER_CAPACITY = 1_000_000;
/** An idle sample every this many journeys, by default. */
const CHECKPOINT_EVERY = 250;

export interface SoakRow {
  readonly figure: string;
  readonly value: string;
  readonly target?: string;
  readonly ratio?: string;
}

export interface SessionsSoakSummary {
  readonly ok: boolean;
  readonly sessions: number;
  readonly warmupSessions: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly seconds: number;
  readonly sessionsPerSecond: number;
  readonly rssMiB: { readonly afterWarmup: number; readonly end: number; readonly max: number; readonly growth: number };
  readonly heapUsedMiB: { readonly afterWarmup: number; readonly end: number };
  readonly openFds: { readonly afterWarmup: number; readonly end: number; readonly max: number; readonly firstQuarterMax: number; readonly lastQuarterMax: number };
  readonly activeResources: { readonly afterWarmup: Record<string, number>; readonly end: Record<string, number>; readonly firstQuarterMax: number; readonly lastQuarterMax: number };
  readonly dataDirKiBPerSession: number;
  readonly rows: readonly SoakRow[];
}

export interface Sample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly fds: number;
  readonly resources: Record<string, number>;
}

/**
 * Samples when the kiosk is idle between citizens: the outbox drained (no push or its 20 ms
 * coalescing timer in flight), then a full collection when exposed (npm run soak passes
 * --expose-gc), so the figures are live memory and standing handles, not work in passing.
 */
async function idleSample(core: KioskCore): Promise<Sample> {
  const outbox = core.service(OutboxId)!;
  await until(() => {
    const s = outbox.status();
    return s.pending === 0 && s.inFlight === 0;
  }, 'the outbox drained');
  await new Promise((r) => setTimeout(r, 0));
  return sample();
}

function sample(): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return { rss: memory.rss, heapUsed: memory.heapUsed, fds: fs.readdirSync('/proc/self/fd').length, resources };
}

const mib = (bytes: number) => Number((bytes / 1048576).toFixed(1));

function directoryBytes(dir: string, include: (name: string) => boolean): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!include(entry.name)) continue;
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full, () => true) : fs.statSync(full).size;
  }
  return total;
}

/** The reference platform as its own process: `budayang platform serve`. */
async function startPlatform(dataDir: string): Promise<{ url: string; code: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'budayang.mjs'), '--data', dataDir, 'platform', 'serve', '--port', '0', '--admin-token', 'soak-admin'], {
    env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /platform listening on (\S+)/.exec(out)?.[1];
      const code = /one-time provisioning code: (\S+)/.exec(out)?.[1];
      if (url && code) {
        clearTimeout(timer);
        resolve({ url, code, child });
      }
    });
    child.once('exit', (c) => reject(new Error(`platform exited (${c}): ${out}`)));
  });
}

function ensure<T>(result: Result<T, { code: string; description: string }>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.description}`);
  return result.value;
}

const until = (check: () => boolean, what: string, ms = 30_000): Promise<void> => waitUntil(check, what, ms, 10);

/** One citizen, start to finish, as the renderer would drive it. */
async function journey(core: KioskCore, client: ApiClient, n: number): Promise<void> {
  ensure(await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }), 'Session.Start');
  ensure(await client.call('Simulator.InsertCard', { fixture: 'resident-wang' }), 'Simulator.InsertCard');
  ensure(await client.call('IdCard.WaitForCard', { timeoutSeconds: 10 }), 'IdCard.WaitForCard');
  const submitted = ensure(
    await client.call('Application.Submit', {
      kind: 'item',
      id: FEE_ITEM,
      answers: { applicantPhone: '13800138000', endorsementType: 'visit' },
      materials: [],
      signature: { mimeType: 'image/png', base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' },
      consentAt: new Date().toISOString(),
      idempotencyKey: `soak-${process.pid}-${n}`,
    }),
    'Application.Submit',
  );
  if (submitted.receipt.outcome !== 'printed') throw new Error(`acceptance receipt ${submitted.receipt.outcome}`);
  const payable = { kind: 'case' as const, caseNumber: submitted.caseNumber };
  // The citizen feeds the notes once the cash-in runs (as the developer panel would).
  const paying = client.call('Fee.PayCash', { payable, timeoutSeconds: 60 });
  await until(() => core.service(CashServiceId)?.activeTransaction !== undefined, 'cash-in started');
  for (const valueFen of FEE_NOTES) ensure(await client.call('Simulator.InsertNote', { valueFen }), 'Simulator.InsertNote');
  const paid = ensure(await paying, 'Fee.PayCash');
  if (paid.cash.status !== 'paid' || paid.receipt.outcome !== 'printed') throw new Error(`payment ${paid.cash.status}, receipt ${paid.receipt.outcome}`);
  const proof = ensure(await client.call('Proof.Print', { kind: 'residence', idempotencyKey: `soak-proof-${process.pid}-${n}` }), 'Proof.Print');
  if (proof.print.outcome !== 'printed') throw new Error(`proof print ${proof.print.outcome}: ${proof.print.reason ?? ''}`);
  ensure(await client.call('Session.End', { reason: 'completed' }), 'Session.End');
}

export interface SessionsSoakOptions {
  readonly sessions: number;
  /** An idle sample every this many journeys (default CHECKPOINT_EVERY). */
  readonly checkpointEvery?: number;
  /** Called at each idle sample (a heap snapshot, when looking for a leak). */
  readonly onCheckpoint?: (n: number, sample: Readonly<Sample>) => void;
}

export async function runSessionsSoak(options: SessionsSoakOptions, report: (line: string) => void): Promise<SessionsSoakSummary> {
  const { sessions } = options;
  const checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-soak-'));
  const platform = await startPlatform(path.join(dir, 'platform'));
  // Never leave the platform behind, whatever ends this process.
  const stopPlatform = () => platform.child.kill('SIGTERM');
  process.once('exit', stopPlatform);
  const dataDir = path.join(dir, 'kiosk');
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  unwrap(await provisionKiosk(stack.identity, platform.url, { code: platform.code, kioskCode: 'TESTJ1', appVersion: 'soak' }));
  stack.close();
  const profile = JSON.parse(fs.readFileSync(path.join(root, 'kiosk-config', 'profiles', 'test-journey.json'), 'utf8')) as { devices: Array<{ class: string; transport: { kind: string; options?: Record<string, unknown> } }> };
  const devices = profile.devices.map((d) => (d.class === 'billAcceptor' ? { ...d, transport: { ...d.transport, options: { ...d.transport.options, pollIntervalMs: SOAK_ACCEPTOR_POLL_MS, stackerCapacity: SOAK_STACKER_CAPACITY } } } : d));
  const core = await createKioskCore({
    dataDir,
    profile: 'test-journey',
    // The platform is the child process (not embedded); its answers drain the outbox as it goes.
    configOverrides: { sync: { platformUrl: platform.url, embeddedPlatformPort: undefined, heartbeatSeconds: 30 }, devices } as never,
    logger: { logDir: false },
  });
  const ctx = core.context;
  for (const id of ['id-reader', 'receipt-printer', 'bill-acceptor', 'a4-printer']) await until(() => ctx.deviceStatuses.get(id)?.state === 'online', `${id} online`);
  const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
  await client.whenOpen();

  const warmupSessions = Math.min(500, Math.max(1, Math.floor(sessions / 10)));
  let warm: Sample | undefined;
  /** Idle samples after the warm-up, every CHECKPOINT_EVERY sessions. */
  const checkpoints: Sample[] = [];
  let maxRss = 0;
  let maxFds = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  for (let n = 1; n <= sessions; n++) {
    try {
      await journey(core, client, n);
    } catch (e) {
      failures++;
      firstFailure ??= `session ${n}: ${(e as Error).message}`;
      if (failures <= 5) report(`session ${n} failed: ${(e as Error).message}`);
      // Leave no session behind for the next citizen.
      await client.call('Session.End', { reason: 'exit' });
    }
    if (n === warmupSessions) warm = await idleSample(core);
    if (n % checkpointEvery === 0 || n === sessions) {
      const s = await idleSample(core);
      if (n > warmupSessions) checkpoints.push(s);
      options.onCheckpoint?.(n, s);
      maxRss = Math.max(maxRss, s.rss);
      maxFds = Math.max(maxFds, s.fds);
      report(`${n}/${sessions} sessions, ${failures} failed, rss ${mib(s.rss)} MiB, heap ${mib(s.heapUsed)} MiB, fds ${s.fds}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const end = await idleSample(core);
  // What the kiosk keeps on disk per citizen (database and logs; `printed/` is the simulator's paper).
  const kioskBytes = directoryBytes(dataDir, (name) => name !== 'printed');
  client.close();
  await core.stop();
  stopPlatform();
  process.off('exit', stopPlatform);
  fs.rmSync(dir, { recursive: true, force: true });

  const base = warm ?? end;
  const growth = (end.rss - base.rss) / base.rss;
  // Handles and descriptors come and go with work in passing (a HOLD timer, a keep-alive socket):
  // a leak is a level that keeps rising, so the last quarter of the idle samples is compared with
  // the first (the warm-up sample included).
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const series = [base, ...checkpoints];
  const quarter = Math.max(1, Math.floor(series.length / 4));
  const level = (samples: Sample[], of: (x: Sample) => number) => Math.max(...samples.map(of));
  const early = series.slice(0, quarter);
  const late = series.slice(-quarter);
  const fdLevels = { early: level(early, (x) => x.fds), late: level(late, (x) => x.fds) };
  const handleLevels = { early: level(early, (x) => total(x.resources)), late: level(late, (x) => total(x.resources)) };
  const ok = failures === 0 && growth <= RSS_GROWTH_LIMIT && fdLevels.late <= fdLevels.early && handleLevels.late <= handleLevels.early;
  return {
    ok,
    sessions,
    warmupSessions,
    failures,
    ...(firstFailure ? { firstFailure } : {}),
    seconds: Number(seconds.toFixed(1)),
    sessionsPerSecond: Number((sessions / seconds).toFixed(2)),
    rssMiB: { afterWarmup: mib(base.rss), end: mib(end.rss), max: mib(Math.max(maxRss, end.rss)), growth: Number(growth.toFixed(3)) },
    heapUsedMiB: { afterWarmup: mib(base.heapUsed), end: mib(end.heapUsed) },
    openFds: { afterWarmup: base.fds, end: end.fds, max: Math.max(maxFds, end.fds), firstQuarterMax: fdLevels.early, lastQuarterMax: fdLevels.late },
    activeResources: { afterWarmup: base.resources, end: end.resources, firstQuarterMax: handleLevels.early, lastQuarterMax: handleLevels.late },
    dataDirKiBPerSession: Number((kioskBytes / sessions / 1024).toFixed(1)),
    rows: [
      { figure: `${sessions} whole journeys (ID read, submit, cash, receipts, proof), failures`, value: `${failures}`, target: '0' },
      { figure: 'resident memory growth after warm-up', value: `${(growth * 100).toFixed(1)} % (${mib(base.rss)} → ${mib(end.rss)} MiB)`, target: '≤ 10 %', ratio: (growth / RSS_GROWTH_LIMIT).toFixed(2) },
      { figure: 'open file descriptors, highest idle level in the first → last quarter', value: `${fdLevels.early} → ${fdLevels.late} (${base.fds} after warm-up, ${end.fds} at the end)`, target: 'no growth' },
      { figure: 'active handles and timers, highest idle level in the first → last quarter', value: `${handleLevels.early} → ${handleLevels.late} (${total(base.resources)} after warm-up, ${total(end.resources)} at the end)`, target: 'no growth' },
      { figure: 'sessions per second', value: `${(sessions / seconds).toFixed(2)}` },
      { figure: 'data directory per journey (database, logs)', value: `${(kioskBytes / sessions / 1024).toFixed(1)} KiB` },
    ],
  };
}

export const soak = {
  name: 'sessions',
  flags: { sessions: { type: 'string' } },
  async run(values: Record<string, unknown>, report: (line: string) => void) {
    const sessions = Number(values.sessions ?? 1000);
    if (!Number.isSafeInteger(sessions) || sessions < 1) throw new Error(`--sessions takes a positive whole number, got ${String(values.sessions)}`);
    return runSessionsSoak({ sessions }, report);
  },
};
