// The technician's CLI end to end: `budayang simulate receipt-printer` on one end of a PTY (a
// real child process), `budayang print receipt` on the other, and `print pdf --out`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';

const ROOT = path.resolve(__dirname, '../../..');
let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.close();
  pty = undefined;
});

async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (errText += c));
  const code = await main(args, { stdout, stderr });
  return { code, out, err: errText };
}

describe('budayang print / simulate', () => {
  it('prints a sample receipt to the simulator process, which shows the decoded lines', async () => {
    pty = await createPtyPair('cli');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), 'simulate', 'receipt-printer', '--port', pty.devicePath], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let simulated = '';
    let banner = '';
    child.stdout.on('data', (c) => (simulated += c));
    child.stderr.on('data', (c) => (banner += c));
    await expect.poll(() => banner, { timeout: 15_000 }).toContain('Ctrl-C');
    const printed = await runCli(['print', 'receipt', '--port', pty.hostPath, '--sample', 'acceptance']);
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/^printed \(\d+ bytes\)/);
    await expect.poll(() => simulated).toContain('cut');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(simulated).toContain('受理回执');
    expect(simulated).toContain('[QR https://zwfw.example.gov.cn/track?case=DEMO01-20261126-0001]');
    expect(simulated).toContain('凭此回执查询办理进度');
  }, 40_000);

  it('writes a proof PDF and refuses an unknown sample', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-cli-pdf-'));
    try {
      const ok = await runCli(['print', 'pdf', '--sample', 'proof', '--out', path.join(dir, 'p.pdf')]);
      expect(ok.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'p.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      const bad = await runCli(['print', 'receipt', '--sample', 'nope', '--out', path.join(dir, 'r.bin')]);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/--sample must be one of/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
