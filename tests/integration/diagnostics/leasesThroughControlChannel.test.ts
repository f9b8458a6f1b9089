// Leases held for a session of work and the calibration loop, through a running kiosk's control
// channel (docs/technicians.md): `budayang devices lease` is refused for the reader a citizen's
// session is using, granted for the printer that session has not touched — the citizen's services
// that need it turn off with the maintenance reason while the session goes on — and the lease ends
// when the CLI exits or is killed. `budayang devices calibrate certificate` prints, saves the
// corrected offset (kept across a core restart) and prints again; every step is in the journal.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { connectToRunningCore } from '../../../src-main/cli/controlClient';
import { parseReadyLine, READY_LINE, redeemCode, runBudayang, startShell, stopAllKioskProcesses, tempDataDir, waitUntil, BIN, type KioskProcess } from '../../support/kioskProcess';

let dataDir: string;
let shell: KioskProcess;
let citizen: ApiClient;

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function connectCitizen(): Promise<ApiClient> {
  const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
  const redeemed = await redeemCode(ready.baseUrl, ready.code!);
  const client = new ApiClient(() => new WebSocket(`ws://127.0.0.1:${ready.port}/api`, ['budayang.v1', `bearer.${String(redeemed.body.token)}`], { headers: { Origin: ready.baseUrl.replace(/\/$/, '') } }) as unknown as ClientSocket);
  await client.whenOpen();
  return client;
}

async function service(name: string): Promise<{ available: boolean; reasonKey?: string }> {
  const status = await citizen.call('Kiosk.Status', {});
  if (!status.ok) throw new Error(status.error.description);
  return status.value.capabilities.services.find((s) => s.service === name)!;
}

async function deviceState(deviceId: string): Promise<string | undefined> {
  const status = await citizen.call('Devices.Status', { deviceId });
  return status.ok ? status.value.devices[0]?.state : undefined;
}

/** The technician entries of the journal (a read-only look at the kiosk database; WAL lets it read beside the core). */
function technicianEntries(): Array<{ action: string; outcome: string; deviceId?: string; method?: string }> {
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT body FROM cash_journal WHERE kind = 'technicianAction' ORDER BY seq").all() as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  } finally {
    db.close();
  }
}

/** Position (pt) of the first word of a PDF page equal to `word`, from pdftotext -bbox. */
function wordBox(file: string, word: string): { x: number; y: number } {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const match = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)"[^>]*>${word.replace(/[()]/g, '\\$&')}</word>`).exec(html);
  if (!match) throw new Error(`word ${word} not found in ${file}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

const PT_PER_MM = 72 / 25.4;

beforeAll(async () => {
  dataDir = tempDataDir('budayang-lease-');
  shell = startShell(dataDir, 'demo');
  citizen = await connectCitizen();
  await waitUntil('the devices online', async () => (await deviceState('id-reader')) === 'online' && (await deviceState('receipt-printer')) === 'online');
}, 90_000);

afterAll(async () => {
  citizen?.close();
  await stopAllKioskProcesses();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('diagnostics leases through the control channel', { timeout: 180_000 }, () => {
  it('takes only what the citizen session does not use, turns its services off while held, and gives it back on exit or kill', async () => {
    expect((await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).ok).toBe(true);
    expect((await citizen.call('Simulator.InsertCard', { fixture: 'resident-wang' })).ok).toBe(true);
    expect((await citizen.call('IdCard.WaitForCard', { timeoutSeconds: 10 })).ok).toBe(true);

    // The reader is the citizen's for the rest of their session.
    const refused = await cli(['devices', 'lease', 'id-reader', '--minutes', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('leaseRefused');

    // The receipt printer is not in use by this session: the technician may take it.
    const lease = runBudayang(['devices', 'lease', 'receipt-printer', '--minutes', '5', '--json'], dataDir);
    const leased = JSON.parse((await lease.waitForOutput(/^\{"event":"leased".*$/m))[0]) as { via: string; lease: { deviceId: string; expiresAt: string; holder: string } };
    expect(leased.via).toBe('runningCore');
    expect(leased.lease.deviceId).toBe('receipt-printer');
    expect(Date.parse(leased.lease.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(await deviceState('receipt-printer')).toBe('deviceBusy');
    expect(await service('apply')).toEqual({ service: 'apply', available: false, reasonKey: 'reason.maintenance' });
    // Services that need no receipt printer stay open.
    expect((await service('query')).available).toBe(true);
    const listed = await cli(['devices', 'lease', 'receipt-printer', '--minutes', '1']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('leaseRefused');

    // The session in progress is untouched: it goes on and reads the card again.
    expect((await citizen.call('Session.Touch', {})).ok).toBe(true);
    expect((await citizen.call('Simulator.InsertCard', { fixture: 'resident-wang' })).ok).toBe(true);
    expect((await citizen.call('IdCard.WaitForCard', { timeoutSeconds: 10 })).ok).toBe(true);

    // Ctrl-C (SIGTERM here) releases it.
    await lease.stop();
    expect(lease.output()).toContain('"event":"released"');
    await waitUntil('the printer back online', async () => (await deviceState('receipt-printer')) === 'online');
    expect((await service('apply')).available).toBe(true);

    // A CLI killed outright loses its connection, and the core gives the device back.
    const killed = runBudayang(['devices', 'lease', 'a4-printer', '--json'], dataDir);
    await killed.waitForOutput(/"event":"leased"/);
    expect(await deviceState('a4-printer')).toBe('deviceBusy');
    killed.child.kill('SIGKILL');
    await waitUntil('the A4 printer released', async () => (await deviceState('a4-printer')) === 'online');
    expect((await citizen.call('Session.End', { reason: 'completed' })).ok).toBe(true);

    const leases = technicianEntries().filter((e) => e.action === 'lease');
    expect(leases.map((e) => `${e.deviceId}:${e.outcome}`)).toEqual(['receipt-printer:taken', 'receipt-printer:released', 'a4-printer:taken', 'a4-printer:connectionClosed']);
  });

  it('calibrates the certificate printer: print, save the corrected offset, print again; the offset survives a restart', async () => {
    const printedDir = path.join(dataDir, 'printed');
    const pdfs = () => (fs.existsSync(printedDir) ? fs.readdirSync(printedDir).filter((f) => f.startsWith('calibration-')) : []);
    const first = await cli(['devices', 'calibrate', 'certificate', '--json']);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ via: 'runningCore', printed: 'printed', calibration: { deviceId: 'certificate-printer', dxMm: 0, dyMm: 0, source: 'none' } });
    expect(pdfs()).toHaveLength(1);

    // The crosses landed 1.5 mm right and 0.5 mm up: the next page moves left and down by as much.
    const second = await cli(['devices', 'calibrate', 'certificate', '--x=1.5', '--y=-0.5', '--json']);
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toMatchObject({ printed: 'printed', previous: { dxMm: 0, dyMm: 0 }, calibration: { dxMm: -1.5, dyMm: 0.5, source: 'saved', technician: 'cli' } });
    expect(pdfs()).toHaveLength(2);
    // The pages as printed: the second one's crosses (and their labels) sit 1.5 mm left, 0.5 mm lower.
    const [before, after] = pdfs().sort().map((f) => path.join(printedDir, f));
    const shift = { x: wordBox(after!, '(20,').x - wordBox(before!, '(20,').x, y: wordBox(after!, '(20,').y - wordBox(before!, '(20,').y };
    expect(shift.x / PT_PER_MM).toBeCloseTo(-1.5, 1);
    expect(shift.y / PT_PER_MM).toBeCloseTo(0.5, 1);
    expect(execFileSync('pdftotext', [after!, '-'], { encoding: 'utf8' })).toContain('横向 -1.5 mm，纵向 0.5 mm');

    const tooFar = await cli(['devices', 'calibrate', 'certificate', '--x', '19', '--y', '0', '--no-print']);
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toContain('offsetOutOfRange');

    // A kill -9 of the core: the shell starts a new one, which reads the saved offset.
    const pid = Number(fs.readFileSync(path.join(dataDir, 'core.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await waitUntil('a new core', () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, 'core.pid'), 'utf8')) !== pid && fs.existsSync(path.join(dataDir, 'control.json')) && JSON.parse(fs.readFileSync(path.join(dataDir, 'control.json'), 'utf8')).pid !== pid;
      } catch {
        return false;
      }
    }, 60_000);
    const again = await cli(['devices', 'calibrate', 'certificate', '--json']);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject({ printed: 'printed', calibration: { dxMm: -1.5, dyMm: 0.5, source: 'saved' } });

    // The bundle goes to the (embedded) platform through the remote upload, under a fresh id.
    const channel = await connectToRunningCore(dataDir);
    if (!channel.ok || !channel.value) throw new Error('no control channel');
    const uploaded = await channel.value.call('Technician.UploadBundle', {});
    await channel.value.close();
    expect(uploaded.ok && uploaded.value).toMatchObject({ outcome: 'done', uploadId: expect.stringMatching(/^kiosk-/), detail: expect.stringContaining('(new)') });

    // Every technician action is in the hash chain, which still verifies.
    const verify = await cli(['journal', 'verify', '--json']);
    expect(verify.code).toBe(0);
    const entries = technicianEntries();
    expect(entries.filter((e) => e.action === 'calibration').map((e) => `${e.deviceId}:${e.outcome}`)).toEqual(['certificate-printer:saved']);
    expect(entries.filter((e) => e.method === 'Technician.CalibrationPrint')).toHaveLength(3);
  });
});
