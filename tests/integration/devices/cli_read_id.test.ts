// The CLI end to end: `budayang simulate id-card` on one end of a PTY pair, `budayang devices
// read-id` on the other, as separate processes, for all three card types in text and JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withSimulator<T>(args: string[], body: (pair: PtyPair) => Promise<T>): Promise<T> {
  const pair = await createPtyPair('cli');
  const sim: ChildProcess = spawn(process.execPath, [BIN, '--data', dataDir, 'simulate', 'id-card', '--port', pair.devicePath, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' } });
  try {
    await new Promise<void>((resolve, reject) => {
      sim.stdout!.on('data', (d: Buffer) => d.toString().includes('simulating') && resolve());
      sim.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    return await body(pair);
  } finally {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
    await pair.close();
  }
}

// Each CLI run starts Node + tsx from source: seconds each on a loaded 2-core machine.
describe('budayang devices read-id against budayang simulate id-card', { timeout: 90_000 }, () => {
  const cases = [
    { card: 'resident-wang', cardType: 'resident', name: '王建国', label: '居民身份证' },
    { card: 'permit-hk', cardType: 'hkMacaoTaiwan', name: '陈大文', label: '港澳台居民居住证' },
    { card: 'foreigner-2017', cardType: 'foreigner', name: '约翰逊·艾米莉', label: '外国人永久居留身份证' },
  ] as const;

  for (const c of cases) {
    it(`reads a ${c.cardType} card in text and JSON, masking PII unless --show-pii`, async () => {
      await withSimulator(['--card', c.card], async (pair) => {
        const text = await cli(['devices', 'read-id', '--port', pair.hostPath, '--timeout', '5']);
        expect(text.stderr).toBe('');
        expect(text.code).toBe(0);
        expect(text.stdout).toContain(c.label);
        expect(text.stdout).toContain(c.name);
        expect(text.stdout).toContain('正确 valid');
        expect(text.stdout).toMatch(/\*{4,}/); // masked number

        const json = await cli(['devices', 'read-id', '--port', pair.hostPath, '--timeout', '5', '--json', '--show-pii']);
        expect(json.code).toBe(0);
        const card = JSON.parse(json.stdout);
        expect(card).toMatchObject({ cardType: c.cardType, name: c.name, checkDigitValid: true });
        for (const key of ['sex', 'birthDate', 'address', 'idNumber', 'issuer', 'validFrom', 'validTo']) expect(card).toHaveProperty(key);
        expect(card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(card.validTo).toMatch(/^(\d{4}-\d{2}-\d{2}|长期)$/);
        expect(card.idNumber).not.toContain('*');
        if (c.cardType === 'foreigner') expect(card).toMatchObject({ englishName: 'JOHNSON, EMILY ROSE', nationality: 'USA' });

        const masked = JSON.parse((await cli(['devices', 'read-id', '--port', pair.hostPath, '--json'])).stdout);
        expect(masked.idNumber).toContain('*');
        expect(masked.idNumber.slice(-4)).toBe(card.idNumber.slice(-4));
      });
    });
  }

  it('reports a wrong check digit as checkDigitValid false', async () => {
    await withSimulator(['--card', 'resident-bad-check'], async (pair) => {
      const json = await cli(['devices', 'read-id', '--port', pair.hostPath, '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ cardType: 'resident', validTo: '2029-09-09', checkDigitValid: false });
    });
  });

  it('exits non-zero with the reason on stderr when no card comes', async () => {
    await withSimulator([], async (pair) => {
      const r = await cli(['devices', 'read-id', '--port', pair.hostPath, '--timeout', '1', '--json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('no ID card presented within 1 s');
    });
  });

  it('exits non-zero naming the port when it cannot be opened', async () => {
    const r = await cli(['devices', 'read-id', '--port', '/nonexistent/tty', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/tty');
  });
});
