// The rig of the 缴费 crash matrix: a reference platform over HTTP and an SSP bill acceptor
// simulator on a real PTY, both in the test process so they outlive the kiosk; a kiosk core in a
// child process that SIGKILLs itself at a crash point (feeCrashWorker.ts); then the reboot, a core
// in this process on the same data directory, and a look at everything it left: journal,
// payment records, claims, outbox jobs, print jobs, receipts and alerts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { KioskConfigInput } from '../../../../kiosk-config/schema';
import { silentLogger } from '../../../../src-common/logging';
import { unwrap } from '../../../../src-common/result';
import { createPlatformServer, type PlatformServer } from '../../../../platform/server/createPlatformServer';
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../../src-main/core/createKioskCore';
import { serveSimulatorOnPort, type ServedSimulator } from '../../../../src-main/core/payments/billAcceptorLinks';
import { verifyChain, type JournalBody } from '../../../../src-main/core/payments/cashJournal';
import { openSyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { provisionKiosk } from '../../../../src-main/core/sync/PlatformClient';
import { createPtyPair, type PtyPair } from '../../../support/ptyPair';
import { FEE_CRASH_MODULES, type CrashPoint, type Journey } from './feeCrashPoints';
import { CashServiceId } from '../../../../src-main/core/payments/CashService';
import { KioskDatabaseId } from '../../../../src-main/core/storage/storageServices';
import { PrintServiceId } from '../../../../src-main/core/printing/PrintService';
import { until as waitUntil } from '../../../support/until';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const ADMIN_TOKEN = 'fee-crash-admin';
/** How long a reboot may take to bring the acceptor, printer and platform up. */
const BOOT_MS = 30_000;

/** Bundled once per test process so each spawn starts fast (inside node_modules so native packages resolve). */
let bundled: Promise<string> | undefined;
function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = path.join(repo, 'node_modules', '.cache', 'budayang-fee-crash-tests', `feeCrashWorker-${process.pid}.mjs`);
    await build({ entryPoints: [path.join(here, 'feeCrashWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, packages: 'external', logLevel: 'silent' });
    process.once('exit', () => fs.rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

export const until = (check: () => boolean | Promise<boolean>, what: string, ms = BOOT_MS): Promise<void> => waitUntil(check, what, ms);

/** What the killed worker printed before it died. */
export interface CrashRun {
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly lines: readonly string[];
  readonly stderr: string;
  /** Payloads of the API events the citizen's screen got, by event name. */
  events(name: string): Array<Record<string, unknown>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of the kiosk database, checked by `expect`
type Row = any;

/** Everything the rebooted kiosk holds about money, read through its own connection. */
export interface KioskMoneyState {
  readonly journal: ReadonlyArray<{ txnId: string; body: JournalBody }>;
  readonly records: Row[];
  readonly orders: Row[];
  jobs(kind: string): Row[];
  readonly alerts: Row[];
  readonly printJobs: Row[];
  /** Receipts printed since the reboot, as text lines (QR codes as `[qr …]`). */
  readonly receipts: string[][];
  readonly journalVerifies: boolean;
}

export interface FeeCrashRig {
  readonly platform: PlatformServer;
  readonly acceptor: ServedSimulator;
  readonly dataDir: string;
  /** Runs the journey in a child core that kills itself at `crashPoint`. */
  crashAt(crashPoint: CrashPoint, journey: Journey): Promise<CrashRun>;
  /** Starts the kiosk again on the same data directory, as the supervisor would after the kill. */
  reboot(): Promise<KioskCore>;
  state(core: KioskCore): KioskMoneyState;
  admin(method: 'GET' | 'POST', urlPath: string): Promise<Row>;
  /** Pushes the rebooted kiosk's outbox to the platform (Queue.Flush); true when drained. */
  flush(core: KioskCore): Promise<boolean>;
  /** Events the platform stored, by kind. */
  platformEvents(kind: string): Promise<Row[]>;
  /** Waits until a receipt printed since the reboot contains every one of `texts`; returns it. */
  receiptWith(core: KioskCore, ...texts: string[]): Promise<string>;
  /** A citizen at the rebooted kiosk: a new session, then one API call (e.g. paying again). */
  asCitizen<T>(core: KioskCore, work: (client: ApiClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createFeeCrashRig(name: string): Promise<FeeCrashRig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fee-crash-${name}-`));
  const dataDir = path.join(dir, 'kiosk');
  const platform = await createPlatformServer({ dataDir: path.join(dir, 'platform'), adminToken: ADMIN_TOKEN });
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'TEST01', appVersion: 'test' }));
  stack.close();
  const pty: PtyPair = await createPtyPair(`fee-${name}`);
  // The acceptor keeps its counters in a file, as the unit keeps them in its own memory.
  const acceptor = serveSimulatorOnPort(pty.devicePath, { log: silentLogger, stateFile: path.join(dir, 'acceptor.json') });
  await acceptor.ready;
  const overrides: Partial<KioskConfigInput> = {
    sync: { platformUrl: platform.url, heartbeatSeconds: 3600, batchSize: 100 },
    qrPay: { pollIntervalMs: 150, minConfirmWindowSeconds: 2, reconcileIntervalSeconds: 3600 },
    devices: [
      { id: 'scanner', class: 'scanner', driver: 'serialScanner', transport: { kind: 'simulator', options: {} } },
      { id: 'bill-acceptor', class: 'billAcceptor', driver: 'ssp', transport: { kind: 'serial', path: pty.hostPath } },
      { id: 'receipt-printer', class: 'receiptPrinter', driver: 'escpos', transport: { kind: 'simulator', options: {} } },
    ],
  } as Partial<KioskConfigInput>;
  const cores: KioskCore[] = [];
  const admin = async (method: 'GET' | 'POST', urlPath: string) => {
    const res = await fetch(platform.url + urlPath, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return (await res.json()) as Row;
  };

  return {
    platform,
    acceptor,
    dataDir,
    admin,
    async crashAt(crashPoint, journey) {
      const bundle = await workerBundle();
      const workerArgs = JSON.stringify({ dataDir, overrides, crashPoint, journey, platformUrl: platform.url, adminToken: ADMIN_TOKEN });
      return new Promise<CrashRun>((resolve, reject) => {
        const child = spawn(process.execPath, [bundle, workerArgs], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code, signal) => {
          // Only whole lines count: a line cut by the kill never reached the screen.
          const lines = out.split('\n').slice(0, -1);
          resolve({
            code,
            signal,
            lines,
            stderr,
            events: (eventName) => lines.filter((l) => l.startsWith(`event ${eventName} `)).map((l) => JSON.parse(l.slice(`event ${eventName} `.length)) as Record<string, unknown>),
          });
        });
      });
    },
    async reboot() {
      const core = await createKioskCore({ dataDir, profile: 'test', configOverrides: overrides, modules: FEE_CRASH_MODULES, logger: { logDir: false } });
      cores.push(core);
      const ctx = core.context;
      await until(() => ctx.deviceStatuses.get('bill-acceptor')?.state === 'online', 'bill acceptor online after reboot');
      await until(() => ctx.deviceStatuses.get('receipt-printer')?.state === 'online', 'receipt printer online after reboot');
      // The boot pass (it runs once the acceptor answers); awaiting it here returns the same pass.
      await core.service(CashServiceId)!.reconcile();
      return core;
    },
    async flush(core) {
      const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
      try {
        const flushed = await client.call('Queue.Flush', {});
        return flushed.ok && flushed.value.outcome === 'drained';
      } finally {
        client.close();
      }
    },
    platformEvents: async (kind) => (await platform.store.allEvents()).filter((e) => e.kind === kind).map((e) => e.payload as Row),
    async receiptWith(core, ...texts) {
      let found: string | undefined;
      await until(() => {
        found = readMoneyState(core).receipts.map((r) => r.join('\n')).find((r) => texts.every((t) => r.includes(t)));
        return found !== undefined;
      }, `a receipt with ${texts.join(', ')}`);
      return found!;
    },
    async asCitizen(core, work) {
      const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
      try {
        unwrap(await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
        return await work(client);
      } finally {
        client.close();
      }
    },
    state: readMoneyState,
    async close() {
      for (const core of cores.splice(0)) await core.stop();
      await acceptor.stop();
      await pty.close();
      await platform.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads what the kiosk holds about money through its own database connection. */
function readMoneyState(core: KioskCore): KioskMoneyState {
  const db = core.service(KioskDatabaseId)!;
  const rows = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];
  const simulator = core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!;
  return {
    journal: rows('SELECT txn_id, body FROM cash_journal ORDER BY seq').map((r) => ({ txnId: r.txn_id as string, body: JSON.parse(r.body as string) as JournalBody })),
    records: rows('SELECT * FROM payment_records ORDER BY recorded_at'),
    orders: rows('SELECT * FROM qr_orders ORDER BY created_at'),
    jobs: (kind) => rows('SELECT id, stream_key, payload_json, state FROM outbox_jobs WHERE kind = ? ORDER BY id', kind).map((r) => ({ ...r, payload: JSON.parse(r.payload_json as string) })),
    alerts: rows("SELECT payload_json FROM outbox_jobs WHERE kind = 'alert.raised' ORDER BY id").map((r) => JSON.parse(r.payload_json as string)),
    printJobs: core.service(PrintServiceId)!.jobs(100),
    receipts: simulator.receipts().map((r) => r.flatMap((e) => (e.kind === 'text' ? [e.text] : e.kind === 'qr' ? [`[qr ${e.data}]`] : []))),
    journalVerifies: verifyChain(db).ok,
  };
}

/** Sum of the notes the journal counts for one cash-in. */
export function journaledFen(state: KioskMoneyState, txnId: string): number {
  return state.journal.filter((e) => e.txnId === txnId && e.body.kind === 'noteStacked').reduce((sum, e) => sum + (e.body.kind === 'noteStacked' ? e.body.valueFen : 0), 0);
}

/**
 * The known state every reboot must reach, for every cash-in: closed; the journal agrees with
 * the cash box; and money taken is either a payment record with its `payment.recorded` job, or a
 * claim (journal entry + `cash.claimCreated` job) whose receipt was printed and, after a crash,
 * alerted — never money without a record.
 */
export function cashInKnownStateProblems(state: KioskMoneyState, cashBoxFen: number): string[] {
  const problems: string[] = [];
  const txnIds = [...new Set(state.journal.map((e) => e.txnId))];
  let journaled = 0;
  for (const txnId of txnIds) {
    const entries = state.journal.filter((e) => e.txnId === txnId).map((e) => e.body);
    if (!entries.some((b) => b.kind === 'txnEnded' || b.kind === 'reconciled')) problems.push(`cash-in ${txnId} is still open`);
    const taken = journaledFen(state, txnId);
    journaled += taken;
    if (taken === 0) continue;
    const record = state.records.find((r) => r.cash_txn_id === txnId);
    const claims = entries.flatMap((b) => (b.kind === 'claimCreated' ? [b] : []));
    if (record) {
      if (record.amount_fen !== taken) problems.push(`cash-in ${txnId}: record of ${record.amount_fen} fen for ${taken} fen taken`);
      if (!state.jobs('payment.recorded').some((j) => j.payload.paymentId === record.payment_id)) problems.push(`cash-in ${txnId}: record without its payment.recorded job`);
      if (claims.length > 0) problems.push(`cash-in ${txnId}: both a record and a claim`);
    } else if (claims.length === 1) {
      const claim = claims[0]!;
      if (claim.amountFen !== taken) problems.push(`cash-in ${txnId}: claim of ${claim.amountFen} fen for ${taken} fen taken`);
      if (!state.jobs('cash.claimCreated').some((j) => j.payload.claimId === claim.claimId)) problems.push(`cash-in ${txnId}: claim without its cash.claimCreated job`);
    } else {
      problems.push(`cash-in ${txnId}: ${taken} fen taken with ${claims.length} claims and no payment record`);
    }
  }
  if (journaled !== cashBoxFen) problems.push(`the journal counts ${journaled} fen, the cash box holds ${cashBoxFen} fen`);
  if (!state.journalVerifies) problems.push('the journal chain does not verify');
  return problems;
}

/** Order states after which no money can move any more (the kiosk's and the platform's). */
const FINAL_ORDER_STATES = new Set(['paid', 'failed', 'expired', 'reversed', 'closed']);

/**
 * The known state of QR orders after a reboot and a reconcile pass with the platform up: every
 * order final; a paid one has its payment record and job; an order the crash interrupted has its
 * claim (job queued) and a `payment.qrReconciled` record of how it ended.
 */
export function qrKnownStateProblems(state: KioskMoneyState): string[] {
  const problems: string[] = [];
  const claims = state.jobs('claim.qrPaymentUnknown').map((j) => j.payload);
  const reconciled = state.jobs('payment.qrReconciled').map((j) => j.payload);
  for (const order of state.orders) {
    if (!FINAL_ORDER_STATES.has(order.state)) problems.push(`order ${order.order_id} is still ${order.state}`);
    const record = state.records.find((r) => r.order_id === order.order_id);
    if (order.state === 'paid' && (!record || !state.jobs('payment.recorded').some((j) => j.payload.paymentId === order.order_id))) problems.push(`order ${order.order_id} is paid without its record and job`);
    if (order.state !== 'paid' && record) problems.push(`order ${order.order_id} is ${order.state} but has a payment record`);
    if (order.claim_id) {
      if (!claims.some((c) => c.claimId === order.claim_id && c.orderId === order.order_id)) problems.push(`order ${order.order_id}: claim ${order.claim_id} without its job`);
      if (FINAL_ORDER_STATES.has(order.state) && !reconciled.some((r) => r.claimId === order.claim_id && r.resolution === order.state)) problems.push(`order ${order.order_id}: claim ${order.claim_id} never reconciled`);
    }
  }
  return problems;
}
