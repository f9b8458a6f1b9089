// Test harness for cash fault tests: a socat PTY pair, the bill acceptor simulator in its own
// process (`budayang simulate bill-acceptor`, so it survives a kill -9 of the kiosk side), the
// `budayang` CLI as a child process, and a read-only look at the cash journal.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { serialBillAcceptor, serveSimulatorOnPort, type ServedSimulator } from '../../../src-main/core/payments/billAcceptorLinks';
import { CashJournal, type JournalBody } from '../../../src-main/core/payments/cashJournal';
import { CashService } from '../../../src-main/core/payments/CashService';
import { until as waitUntil } from '../../support/until';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`budayang ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface SimulatorProcess {
  send(line: string): void;
  report(): Promise<{ report: { stacked: number; rejected: number; stackedValueFen: number }; queued: number; enabled: boolean }>;
  stop(): Promise<void>;
}

export async function startSimulator(devicePath: string, dataDir: string, extraArgs: readonly string[] = []): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, '--data', dataDir, 'simulate', 'bill-acceptor', '--port', devicePath, ...extraArgs], {
    env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let buffer = '';
  const waiters: Array<(line: string) => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiters.shift();
      w?.(line);
    }
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start within 60 s')), 60_000);
    waiters.push((line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  if (!firstLine.startsWith('bill acceptor simulator on')) throw new Error(`unexpected simulator output: ${firstLine}`);
  return {
    send: (line) => child.stdin!.write(`${line}\n`),
    report: () =>
      new Promise((resolve) => {
        waiters.push((line) => resolve(JSON.parse(line)));
        child.stdin!.write('report\n');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface CashRig {
  readonly pty: PtyPair;
  readonly dir: string;
  readonly kioskData: string;
  readonly simulator: SimulatorProcess;
  journal(): Array<{ seq: number; txnId: string; body: JournalBody }>;
  close(): Promise<void>;
}

export async function createCashRig(name: string, simulatorArgs: readonly string[] = []): Promise<CashRig> {
  const pty = await createPtyPair(name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cash-${name}-`));
  const kioskData = path.join(dir, 'kiosk');
  const simulator = await startSimulator(pty.devicePath, path.join(dir, 'sim'), simulatorArgs);
  return {
    pty,
    dir,
    kioskData,
    simulator,
    journal() {
      const db = new Database(path.join(kioskData, 'kiosk.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT seq, txn_id, body FROM cash_journal ORDER BY seq').all() as Array<{ seq: number; txn_id: string; body: string }>).map((r) => ({ seq: r.seq, txnId: r.txn_id, body: JSON.parse(r.body) as JournalBody }));
      } finally {
        db.close();
      }
    },
    async close() {
      await simulator.stop();
      await pty.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sum of journaled stacked notes: what the kiosk believes it holds. */
export function journaledFen(entries: ReturnType<CashRig['journal']>): number {
  return entries.reduce((sum, e) => sum + (e.body.kind === 'noteStacked' ? e.body.valueFen : 0), 0);
}

// ---- in-process rig: driver and simulator in this process, on the two ends of a real PTY ------

export interface InProcessRig {
  readonly pty: PtyPair;
  readonly served: ServedSimulator;
  readonly service: CashService;
  readonly journal: CashJournal;
  readonly statuses: Array<Omit<DeviceStatus, 'since'>>;
  close(): Promise<void>;
}

export async function createInProcessRig(name: string, options: { journalSetup?: (journal: CashJournal) => void } = {}): Promise<InProcessRig> {
  const pty = await createPtyPair(name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cash-${name}-`));
  const served = serveSimulatorOnPort(pty.devicePath, { log: silentLogger, stateFile: path.join(dir, 'sim.json') });
  await served.ready;
  const journal = unwrap(CashJournal.openStandalone(path.join(dir, 'journal.db')));
  options.journalSetup?.(journal);
  const statuses: Array<Omit<DeviceStatus, 'since'>> = [];
  const acceptor = serialBillAcceptor(pty.hostPath, { deviceId: 'bill-acceptor', log: silentLogger });
  const service = new CashService({ deviceId: 'bill-acceptor', driver: acceptor, journal, log: silentLogger, onStatus: (s) => statuses.push(s) });
  await service.start();
  if (!(await service.waitReady(10_000))) throw new Error('acceptor did not connect over the PTY');
  return {
    pty,
    served,
    service,
    journal,
    statuses,
    async close() {
      await service.stop();
      await served.stop();
      journal.close();
      await pty.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const waitFor = (check: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> => waitUntil(check, what, timeoutMs);
