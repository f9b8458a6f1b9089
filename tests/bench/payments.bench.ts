// Payments benchmarks: escrow event → HOLD/REJECT on the wire over a real PTY (p99, target ≤ 50 ms),
// CPU of the idle poll loop with the simulator in another process (target ≤ 2 % of one core),
// and cash journal appends per second with synchronous=FULL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createPtyPair } from '../support/ptyPair';
import { POLL_INTERVAL_MS } from '../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import { BillAcceptorDevice } from '../../src-main/core/devices/BillAcceptorDevice';
import { SspCommand } from '../../drivers/billAcceptor/ssp/commands';
import { SspFrameDecoder } from '../../drivers/billAcceptor/ssp/packet';
import { SspSimulator } from '../../drivers/billAcceptor/ssp/SspSimulator';
import type { ByteTransport } from '../../drivers/transport/ByteTransport';
import { openSerialTransport } from '../../drivers/transport/serialTransport';
import { silentLogger } from '../../src-common/logging';
import { ok, unwrap } from '../../src-common/result';
import { CashJournal } from '../../src-main/core/payments/cashJournal';
import { SSP_BAUD_RATE, SSP_STOP_BITS } from '../../src-main/core/payments/billAcceptorLinks';
import type { BenchFigure } from './types';
import { fen } from '../../src-common/domain/money';

const ESCROW_SAMPLES = 80;
const IDLE_SECONDS = 10;
const JOURNAL_APPENDS = 1500;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Wraps the host's port: timestamps the moment a HOLD or REJECT has been drained to the PTY. */
function timingTransport(inner: ByteTransport, onAnswer: (command: number, at: number) => void): ByteTransport {
  const decoder = new SspFrameDecoder();
  return {
    description: inner.description,
    get isOpen() {
      return inner.isOpen;
    },
    async write(data) {
      await inner.write(data);
      const at = performance.now();
      for (const f of decoder.push(data)) if (f.kind === 'packet' && (f.packet.data[0] === SspCommand.hold || f.packet.data[0] === SspCommand.rejectBanknote)) onAnswer(f.packet.data[0], at);
    },
    onData: (l) => inner.onData(l),
    onClose: (l) => inner.onClose(l),
    close: () => inner.close(),
  };
}

async function escrowToWire(): Promise<BenchFigure[]> {
  const pty = await createPtyPair('bench-ssp');
  const simulator = new SspSimulator({ log: silentLogger });
  const device = unwrap(await openSerialTransport({ path: pty.devicePath, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS }));
  simulator.attach(device);
  // Only answers to an escrow count: the REJECT the driver sends at connect (leftover note) does not.
  let escrowAt: number | undefined;
  const hold: number[] = [];
  const reject: number[] = [];
  let decided = 0;
  const driver = new BillAcceptorDevice({
    deviceId: 'bench',
    log: silentLogger,
    pollIntervalMs: 20,
    open: async () => {
      const port = unwrap(await openSerialTransport({ path: pty.hostPath, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS }));
      return ok(
        timingTransport(port, (command, at) => {
          if (escrowAt === undefined) return;
          if (command === SspCommand.hold) hold.push(at - escrowAt);
          else {
            reject.push(at - escrowAt);
            escrowAt = undefined;
          }
        }),
      );
    },
  });
  driver.onEvent((e) => {
    if (e.type === 'escrow') escrowAt = performance.now();
  });
  // Every note is returned, so the escrow → REJECT path is timed as well as escrow → HOLD.
  driver.setEscrowDecider(async () => {
    decided++;
    return 'reject';
  });
  await driver.start();
  await driver.enable();
  for (let i = 0; i < ESCROW_SAMPLES; i++) simulator.insert(1000);
  const deadline = Date.now() + 45_000;
  while (decided < ESCROW_SAMPLES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  await driver.stop();
  simulator.dispose();
  await device.close();
  await pty.close();
  const p99Hold = percentile(hold, 99);
  const p99Reject = percentile(reject, 99);
  return [
    { name: 'SSP escrow event → HOLD on the wire, p99 (PTY)', value: round(p99Hold), unit: 'ms', target: '≤ 50 ms', ratio: round(p99Hold / 50, 3), note: `${hold.length} notes, p50 ${round(percentile(hold, 50))} ms` },
    { name: 'SSP escrow event → REJECT on the wire, p99 (PTY)', value: round(p99Reject), unit: 'ms', target: '≤ 50 ms', ratio: round(p99Reject / 50, 3), note: `includes the HOLD round trip; p50 ${round(percentile(reject, 50))} ms` },
  ];
}

async function idlePollCpu(): Promise<BenchFigure[]> {
  const pty = await createPtyPair('bench-idle');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-idle-'));
  // The simulator runs in its own process so only the driver's CPU is measured here.
  const sim = spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), '--data', dir, 'simulate', 'bill-acceptor', '--port', pty.devicePath], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' }, stdio: ['pipe', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => sim.stdout!.once('data', () => resolve()));
  const driver = new BillAcceptorDevice({ deviceId: 'idle', log: silentLogger, open: () => openSerialTransport({ path: pty.hostPath, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS }) });
  await driver.start();
  await driver.enable();
  await new Promise((r) => setTimeout(r, 500));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  await driver.stop();
  sim.kill('SIGTERM');
  await new Promise((r) => sim.once('exit', r));
  await pty.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const percent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  return [{ name: `idle SSP poll loop CPU (poll every ${POLL_INTERVAL_MS} ms)`, value: round(percent, 3), unit: '% of one core', target: '≤ 2 %', ratio: round(percent / 2, 3), note: `${IDLE_SECONDS} s, process.cpuUsage of the driver process` }];
}

function journalAppends(): BenchFigure[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  const journal = unwrap(CashJournal.openStandalone(path.join(dir, 'journal.db')));
  const t0 = performance.now();
  for (let i = 0; i < JOURNAL_APPENDS; i++) unwrap(journal.append('bench', { kind: 'noteStacked', valueFen: fen(1000), channel: 3, paidFen: fen(1000 * (i + 1)), source: 'credit' }));
  const seconds = (performance.now() - t0) / 1000;
  const v0 = performance.now();
  const verified = journal.verify();
  const verifyMs = performance.now() - v0;
  journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [{ name: 'cash journal appends (synchronous=FULL, hash-chained)', value: Math.round(JOURNAL_APPENDS / seconds), unit: 'appends/s', note: `${JOURNAL_APPENDS} appends on ${os.tmpdir()}; verify of the chain ${round(verifyMs)} ms (${verified.ok ? 'intact' : 'BROKEN'})` }];
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export async function run(): Promise<BenchFigure[]> {
  return [...(await escrowToWire()), ...(await idlePollCpu()), ...journalAppends()];
}
