// Issue #11 "done when", through the README's own commands: one platform process
// (`budayang platform serve`) and three village kiosk processes (`budayang start --shell browser
// --headless`, each provisioned with `budayang provision`, separate data directories). New opening
// hours, signed offline by a security officer, go to the village group in rings: the canary first,
// then the rest; the kiosk where a citizen is mid-session (driven in Chromium) applies only after
// the session ends. Then a broken bundle (the receipt printer on a port that does not exist),
// signed by the platform's online key, is rolled back by the canary's health gate and its rollout
// stops before the next ring. `budayang config status --json` is read on every kiosk at each step.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { ROOT, screenshot, startKiosk, type RunningKiosk } from './support/kiosk';

const BIN = path.join(ROOT, 'bin', 'budayang.mjs');
const ADMIN_TOKEN = 'e2e-fleet-admin-token';
const run = promisify(execFile);

/** `budayang …`; resolves with stdout, rejects with stderr on a non-zero exit. */
async function budayang(args: readonly string[]): Promise<string> {
  try {
    return (await run(process.execPath, [BIN, ...args], { env: process.env, maxBuffer: 8 * 1024 * 1024 })).stdout;
  } catch (e) {
    const failed = e as { stderr?: string; message: string };
    throw new Error(`budayang ${args.join(' ')} failed: ${failed.stderr ?? failed.message}`);
  }
}

interface ConfigStatus {
  configVersion: number | null;
  staged: { config: number | null };
  lastKnownGood: { config: number | null };
  lastResult: { kind: string; version: number | null; outcome: string; reason?: string } | null;
}

async function configStatus(kiosk: RunningKiosk): Promise<ConfigStatus> {
  return JSON.parse(await budayang(['--data', kiosk.dataDir, 'config', 'status', '--json'])) as ConfigStatus;
}

interface Rollout {
  rolloutId: string;
  state: string;
  reason: string | null;
  rings: Array<{ kiosks: number; applied: number; failed: number; pending: number; state: string }>;
}

function startPlatform(dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'platform', 'serve', '--port', '0', '--admin-token', ADMIN_TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => {
      const m = /platform listening on (\S+)/.exec(output);
      if (m) resolve({ url: m[1]!, process: child });
    });
    child.on('exit', (code) => reject(new Error(`platform exited with ${code}: ${output}`)));
  });
}

test('a rollout of new opening hours reaches the village canary, then the rest; a session defers it; a broken bundle is rolled back and its rollout stops', async ({ page }) => {
  // Three kiosks, each restarting its core twice and waiting out a 10-second health gate, in turn.
  test.setTimeout(360_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-e2e-fleet-'));
  const platform = await startPlatform(path.join(work, 'platform'));
  const kiosks: RunningKiosk[] = [];
  try {
    const admin = ['--platform', platform.url, '--token', ADMIN_TOKEN];
    // A security officer's key, made once and pinned in the village profile.
    const officer = JSON.parse(await budayang(['admin', 'keygen', '--out', path.join(work, 'officer'), '--json'])) as { privateKeyFile: string; publicKey: string };
    const village = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', 'test-village.json'), 'utf8')) as Record<string, unknown> & { kiosk: Record<string, unknown>; fleet: Record<string, unknown>; devices: Array<Record<string, unknown>> };
    for (const code of ['TV0001', 'TV0002', 'TV0003']) {
      const profile = path.join(work, `${code}.json`);
      fs.writeFileSync(profile, JSON.stringify({ ...village, kiosk: { ...village.kiosk, code }, fleet: { ...village.fleet, adminKeys: [{ publicKey: officer.publicKey, note: 'security officer, offline' }] } }));
      const dataDir = path.join(work, code);
      const provisioningCode = ((await (await fetch(`${platform.url}/admin/provisioning-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { code: string }).code;
      await budayang(['--data', dataDir, 'provision', '--platform', platform.url, '--code', provisioningCode, '--profile', profile]);
      kiosks.push(await startKiosk({ profile, dataDir }));
    }
    const [canary, second, withSession] = kiosks as [RunningKiosk, RunningKiosk, RunningKiosk];

    // Every kiosk has reported its level: the village group has all three.
    await budayang(['admin', 'group', 'set', ...admin, '--name', 'villages', '--level', 'village']);
    await expect.poll(async () => (JSON.parse(await budayang(['admin', 'kiosks', ...admin, '--group', 'villages', '--json'])) as unknown[]).length, { timeout: 30_000 }).toBe(3);

    // A citizen starts a session on the third kiosk.
    await page.goto(withSession.url);
    await page.getByTestId('attract-screen').click();
    await expect(page.getByText('请选择要办理的业务')).toBeVisible();
    await screenshot(page, 'fleet-01-session-in-progress');

    // New opening hours, signed offline, rolled out: canary, then the rest after a 10 s soak.
    const hours = { configId: 'village-hours-2', openingHours: { ...(village.openingHours as object), exceptions: [{ date: '2027-02-17', periods: [{ from: '10:00', to: '16:00' }], note: { zh: '春节', en: 'Spring Festival' } }] } };
    fs.writeFileSync(path.join(work, 'hours.json'), JSON.stringify(hours));
    await budayang(['admin', 'sign', '--key', officer.privateKeyFile, '--kind', 'config', '--version', '1', '--in', path.join(work, 'hours.json'), '--out', path.join(work, 'hours.bundle.json')]);
    const rollout = JSON.parse(await budayang(['admin', 'rollout', 'create', ...admin, '--bundle', path.join(work, 'hours.bundle.json'), '--group', 'villages', '--rings', '1,100%', '--soak', '10', '--abort-percent', '0', '--abort-min', '1', '--json'])) as Rollout;
    expect(rollout.rings.map((r) => r.kiosks)).toEqual([1, 2]);
    const status = async () => JSON.parse(await budayang(['admin', 'rollout', 'status', ...admin, '--id', rollout.rolloutId, '--json'])) as Rollout;

    // Step 1: the canary applies (restart, health gate) while the others have not been told.
    await expect.poll(async () => (await configStatus(canary)).lastKnownGood.config, { timeout: 90_000 }).toBe(1);
    expect(await configStatus(canary)).toMatchObject({ configVersion: 1, staged: { config: null }, lastResult: { outcome: 'applied', version: 1 } });
    await expect.poll(async () => (await status()).rings[0]!.applied, { timeout: 30_000 }).toBe(1);
    expect((await status()).rings[1]).toMatchObject({ state: 'waiting', pending: 0 });
    for (const k of [second, withSession]) expect(await configStatus(k)).toMatchObject({ configVersion: null, staged: { config: null }, lastResult: null });

    // Step 2: after the soak the rest are told; the second applies, the one with a session waits.
    await expect.poll(async () => (await configStatus(second)).lastKnownGood.config, { timeout: 90_000 }).toBe(1);
    await expect.poll(async () => (await configStatus(withSession)).staged.config, { timeout: 30_000 }).toBe(1);
    expect(await configStatus(withSession)).toMatchObject({ configVersion: null, lastKnownGood: { config: null } });
    expect(await status()).toMatchObject({ state: 'running', rings: [expect.objectContaining({ applied: 1 }), expect.objectContaining({ applied: 1, pending: 1 })] });

    // Step 3: the citizen leaves; the kiosk applies, reconnects its screen, and the rollout completes.
    await page.getByTestId('exit-session').click();
    await expect.poll(async () => (await configStatus(withSession)).lastKnownGood.config, { timeout: 90_000 }).toBe(1);
    await expect.poll(async () => (await status()).state, { timeout: 60_000 }).toBe('completed');
    await expect(page.getByTestId('attract-screen')).toBeVisible({ timeout: 30_000 });
    await screenshot(page, 'fleet-02-applied-after-session');

    // Step 4: a broken bundle (the receipt printer on a port that does not exist), signed online.
    const devices = village.devices.map((d) => (d.class === 'receiptPrinter' ? { ...d, transport: { kind: 'serial', path: '/dev/ttyBUDAYANG-NOPE', baudRate: 115200 } } : d));
    fs.writeFileSync(path.join(work, 'broken.json'), JSON.stringify({ ...hours, configId: 'broken-printer', devices }));
    const broken = JSON.parse(await budayang(['admin', 'rollout', 'create', ...admin, '--payload', path.join(work, 'broken.json'), '--kind', 'config', '--group', 'villages', '--rings', '1,100%', '--soak', '10', '--abort-percent', '0', '--abort-min', '1', '--json'])) as Rollout;
    await expect.poll(async () => (await configStatus(canary)).lastResult, { timeout: 90_000 }).toMatchObject({ outcome: 'rolledBack', reason: 'healthGate', version: 2 });
    expect(await configStatus(canary)).toMatchObject({ configVersion: 1, lastKnownGood: { config: 1 }, staged: { config: null } });
    const brokenStatus = async () => JSON.parse(await budayang(['admin', 'rollout', 'status', ...admin, '--id', broken.rolloutId, '--json'])) as Rollout;
    await expect.poll(async () => (await brokenStatus()).state, { timeout: 60_000 }).toBe('aborted');
    expect(await brokenStatus()).toMatchObject({ reason: expect.stringMatching(/1 of 1 kiosks that reported failed/), rings: [expect.objectContaining({ failed: 1 }), expect.objectContaining({ kiosks: 2, pending: 0, applied: 0, state: 'skipped' })] });
    for (const k of [second, withSession]) expect(await configStatus(k)).toMatchObject({ configVersion: 1, staged: { config: null }, lastResult: { outcome: 'applied', version: 1 } });
    const text = await budayang(['admin', 'rollout', 'status', ...admin, '--id', broken.rolloutId]);
    fs.mkdirSync(path.join(ROOT, 'tests', 'artifacts'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'tests', 'artifacts', 'fleet-rollout-status.txt'), `${text}\n${await budayang(['admin', 'rollout', 'status', ...admin, '--id', rollout.rolloutId])}`);
  } finally {
    for (const k of kiosks) await k.stop();
    platform.process.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
});
