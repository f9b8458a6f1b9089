// The control channel end to end (docs/technicians.md): a real kiosk (`budayang start --shell
// browser --headless`, demo profile) and a citizen session over the renderer's API, while the
// technician's CLI — separate processes — verifies the journal, flushes the queue, writes the
// diagnostics bundle and asks for self-tests through the running core. The citizen is never
// disturbed (the session stays, the card reads again); device commands wait for the session to
// end; the credential is the technician's only, in a 0600 file, and changes at every core start.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { corePidOf, parseReadyLine, READY_LINE, redeemCode, startShell, stopAllKioskProcesses, tempDataDir, waitUntil, BIN, type KioskProcess } from '../../support/kioskProcess';

let dataDir: string;
let shell: KioskProcess;
let citizen: ApiClient;
let origin: string;
let port: number;

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function upgradeStatus(protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, protocols, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

const controlFile = () => path.join(dataDir, 'control.json');
const readControl = () => JSON.parse(fs.readFileSync(controlFile(), 'utf8')) as { port: number; credential: string; pid: number };

beforeAll(async () => {
  dataDir = tempDataDir('budayang-control-');
  shell = startShell(dataDir, 'demo');
  const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
  port = ready.port;
  origin = ready.baseUrl.replace(/\/$/, '');
  const redeemed = await redeemCode(ready.baseUrl, ready.code!);
  const token = String(redeemed.body.token);
  citizen = new ApiClient(() => new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${token}`], { headers: { Origin: origin } }) as unknown as ClientSocket);
  await citizen.whenOpen();
  await waitUntil('the ID reader online', async () => {
    const status = await citizen.call('Devices.Status', { deviceId: 'id-reader' });
    return status.ok && status.value.devices[0]?.state === 'online';
  });
}, 90_000);

afterAll(async () => {
  citizen?.close();
  await stopAllKioskProcesses();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the control channel of a running kiosk', { timeout: 180_000 }, () => {
  it('publishes a 0600 endpoint with a technician credential that is not the renderer token and opens no citizen method', async () => {
    const stat = fs.statSync(controlFile());
    expect(stat.mode & 0o777).toBe(0o600);
    const control = readControl();
    expect(control.port).toBe(port);
    expect(control.pid).toBe(corePidOf(dataDir));
    // A local program (no Origin) with the technician credential gets in; with a wrong one it does not.
    expect(await upgradeStatus(['budayang.v1', `bearer.${control.credential}`])).toBe(101);
    expect(await upgradeStatus(['budayang.v1', `bearer.${'0'.repeat(64)}`])).toBe(403);
    // A web page from another origin cannot use the credential either.
    expect(await upgradeStatus(['budayang.v1', `bearer.${control.credential}`], { Origin: 'http://evil.example' })).toBe(403);
    const technician = new ApiClient(() => new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${control.credential}`]) as unknown as ClientSocket);
    try {
      const refused = await technician.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('unauthorized');
      const allowed = await technician.call('Technician.JournalVerify', {});
      expect(allowed.ok).toBe(true);
    } finally {
      technician.close();
    }
  });

  it('serves the CLI while a citizen session goes on undisturbed; device commands wait for the session to end', async () => {
    const ended: unknown[] = [];
    citizen.on('Session.Ended', (e) => ended.push(e));
    const started = await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    expect(started.ok).toBe(true);
    expect((await citizen.call('Simulator.InsertCard', { fixture: 'resident-wang' })).ok).toBe(true);
    const first = await citizen.call('IdCard.WaitForCard', { timeoutSeconds: 10 });
    expect(first.ok && first.value.card.name).toBe('王建国');

    const verify = await cli(['journal', 'verify', '--json']);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });

    const flush = await cli(['queue', 'flush', '--json']);
    expect(flush.stderr).toBe('');
    expect(JSON.parse(flush.stdout)).toMatchObject({ outcome: 'drained', via: 'runningCore' });

    const bundleFile = path.join(dataDir, 'bundle.json');
    const bundle = await cli(['diag', 'bundle', '--out', bundleFile, '--json']);
    expect(bundle.stderr).toBe('');
    expect(JSON.parse(bundle.stdout)).toMatchObject({ via: 'runningCore' });
    const written = fs.readFileSync(bundleFile, 'utf8');
    expect(JSON.parse(written).devices.length).toBeGreaterThan(0);
    // The citizen's card is in the core's memory now; the bundle carries none of it.
    for (const value of ['王建国', '11010519491231002X']) expect(written).not.toContain(value);

    // A device lease is refused while the citizen is here: the reader is not taken from them.
    const selftest = await cli(['devices', 'selftest', 'id-reader', '--json']);
    expect(selftest.code).toBe(1);
    expect(selftest.stderr).toContain('leaseRefused');
    const readId = await cli(['devices', 'read-id', '--timeout', '2']);
    expect(readId.code).toBe(1);
    expect(readId.stderr).toContain('leaseRefused');

    // Undisturbed: the same session, its deadline renewed, the reader still the citizen's.
    expect((await citizen.call('Session.Touch', {})).ok).toBe(true);
    expect((await citizen.call('Simulator.InsertCard', { fixture: 'resident-wang' })).ok).toBe(true);
    const second = await citizen.call('IdCard.WaitForCard', { timeoutSeconds: 10 });
    expect(second.ok && second.value.card.name).toBe('王建国');
    expect(ended).toEqual([]);
    expect((await citizen.call('Session.End', { reason: 'completed' })).ok).toBe(true);

    // With the session over, the same commands take the devices through the running core.
    const after = await cli(['devices', 'selftest', 'receipt-printer', '--json']);
    expect(after.stderr).toBe('');
    const run = JSON.parse(after.stdout) as { via: string; runs: Array<{ deviceId: string; outcome: string; steps: Array<{ action: string; outcome: string }> }> };
    expect(run.via).toBe('runningCore');
    expect(run.runs[0]!.steps.map((s) => `${s.action}:${s.outcome}`)).toEqual(['status:passed', 'testPage:passed', 'cut:passed', 'paperSensor:passed']);
    expect((await citizen.call('Simulator.InsertCard', { fixture: 'resident-wang' })).ok).toBe(true);
    const read = await cli(['devices', 'read-id', '--json', '--timeout', '10']);
    expect(read.stderr).toBe('');
    const card = JSON.parse(read.stdout) as { name: string; idNumber: string };
    expect(card.name).toBe('王建国');
    expect(card.idNumber).not.toBe('11010519491231002X'); // masked without --show-pii

    // Every command on the channel is audited in the core's log.
    await waitUntil('audit lines', () => fs.readFileSync(path.join(dataDir, 'logs', 'core.log'), 'utf8').includes('"method":"Technician.ReadIdCard"'));
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'core.log'), 'utf8');
    for (const method of ['Technician.JournalVerify', 'Queue.Flush', 'Technician.DiagnosticsBundle', 'Technician.SelfTest']) expect(log).toContain(`"channel":"control","method":"${method}"`);
  });

  it('rotates the credential when the core starts again', async () => {
    const before = readControl();
    process.kill(before.pid, 'SIGKILL');
    await waitUntil('a new core with its own endpoint', () => {
      try {
        const now = readControl();
        return now.pid !== before.pid;
      } catch {
        return false;
      }
    }, 60_000);
    const after = readControl();
    expect(after.credential).not.toBe(before.credential);
    const verify = await cli(['journal', 'verify', '--json']);
    expect(verify.code).toBe(0);
  });
});
