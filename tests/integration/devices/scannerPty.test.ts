// Serial scanners over a real PTY pair: the driver through `serialport`, and the CLI's
// `devices scan` printing classified scans sent by an in-process scanner simulator.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { BarcodeScanner } from '../../../drivers/scanner/BarcodeScanner';
import { ScannerSimulator } from '../../../drivers/scanner/ScannerSimulator';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';

const BIN = path.resolve(__dirname, '../../../bin/budayang.mjs');
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function pairWithSimulator(): Promise<{ pair: PtyPair; simulator: ScannerSimulator }> {
  const pair = await createPtyPair('scan');
  cleanup.push(() => pair.close());
  const simulator = new ScannerSimulator('serial');
  simulator.attach(unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: 9600 })));
  cleanup.push(() => simulator.stop());
  return { pair, simulator };
}

describe('serial scanner over a PTY', () => {
  it('delivers each CR LF terminated scan', async () => {
    const { pair, simulator } = await pairWithSimulator();
    const host = unwrap(await openSerialTransport({ path: pair.hostPath, baudRate: 9600 }));
    const scanner = new BarcodeScanner(host, { mode: 'serial', log: silentLogger });
    cleanup.push(async () => {
      scanner.dispose();
      await host.close();
    });
    const got: string[] = [];
    scanner.onScan((t) => got.push(t));
    for (const code of ['DEMO01-20261126-0001', '289431869362714645', 'https://example.gov.cn/a?b=1']) await simulator.scan(code);
    await expect.poll(() => got.length).toBe(3);
    expect(got).toEqual(['DEMO01-20261126-0001', '289431869362714645', 'https://example.gov.cn/a?b=1']);
  });

  it('budayang devices scan --json prints each scan with its classification, masking payment codes', { timeout: 60_000 }, async () => {
    const { pair, simulator } = await pairWithSimulator();
    const child = spawn(process.execPath, [BIN, 'devices', 'scan', '--port', pair.hostPath, '--json'], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1', BUDAYANG_DATA: path.join(pair.hostPath, '..', 'data') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    // The CLI starts from source (tsx): scan once it says the port is open.
    await expect.poll(() => stderr, { timeout: 40_000 }).toContain('listening for scans');
    await simulator.scan('DEMO01-20261126-0009');
    await simulator.scan('135112298638468293');
    await expect.poll(() => stdout.includes('caseNumber') && stdout.includes('wechatPay'), { timeout: 10_000 }).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const scans = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const caseScan = scans.find((s) => s.kind === 'caseNumber');
    expect(caseScan).toMatchObject({ text: 'DEMO01-20261126-0009', caseNumber: { kioskCode: 'DEMO01', date: '2026-11-26', sequence: 9 } });
    const pay = scans.find((s) => s.kind === 'wechatPay');
    expect(pay).toMatchObject({ isPaymentCode: true });
    expect(pay.text).not.toBe('135112298638468293');
    expect(pay.text.slice(-4)).toBe('8293');
  });
});
