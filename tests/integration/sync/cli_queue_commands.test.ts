// The `budayang` queue, provision, dev and platform commands, run in-process against a real
// reference platform and data directory.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { unwrap } from '../../../src-common/result';
import { acquireDataDirLock } from '../../../src-main/core/storage/dataDirLock';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { startPlatform, tempDir } from './support/syncHarness';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) }), text: () => out };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let platform: PlatformServer | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

describe('budayang queue / provision / dev commands', () => {
  it('provisions, queues synthetic records, reports status as JSON and flushes them', async () => {
    platform = await startPlatform(tempDir('platform'));
    const data = tempDir('cli');
    const provisioned = await run(['--data', data, 'provision', '--platform', platform.url, '--code', await platform.createProvisioningCode(), '--json']);
    expect(provisioned.code).toBe(0);
    expect(JSON.parse(provisioned.stdout).kioskId).toMatch(/^K-/);
    expect((await run(['--data', data, 'dev', 'enqueue', '--count', '50'])).stdout).toMatch(/50 synthetic record/);

    const before = await run(['--data', data, 'queue', 'status', '--json']);
    const parsed = JSON.parse(before.stdout);
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['pending', 'inFlight', 'deadLetter', 'oldestPendingAgeSeconds', 'lastSyncAt']));
    expect(parsed).toMatchObject({ pending: 50, inFlight: 0, deadLetter: 0, lastSyncAt: null });

    const flushed = await run(['--data', data, 'queue', 'flush', '--json']);
    expect(flushed.code).toBe(0);
    expect(JSON.parse(flushed.stdout)).toMatchObject({ outcome: 'drained', delivered: 50, pending: 0 });
    expect((await platform.store.events.count())).toBe(50);

    const after = JSON.parse((await run(['--data', data, 'queue', 'status', '--json'])).stdout);
    expect(after).toMatchObject({ pending: 0, deadLetter: 0 });
    expect(after.lastSyncAt).not.toBeNull();
    expect((await run(['--data', data, 'queue', 'retry-dead'])).stdout).toMatch(/0 dead letter/);
    expect((await run(['--data', data, 'queue', 'status'])).stdout).toMatch(/pending:\s+0/);
  });

  it('refuses synthetic records in a production profile', async () => {
    const dir = tempDir('cli');
    const profile = path.join(dir, 'production.json');
    fs.writeFileSync(profile, JSON.stringify({ mode: 'production', kiosk: { code: 'PROD01' } }));
    const refused = await run(['--data', path.join(dir, 'data'), 'dev', 'enqueue', '--count', '5', '--profile', profile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: synthetic records are not allowed in a production profile/);
  });

  it('refuses to write beside another process that holds the data directory, but still shows status read-only', async () => {
    const data = tempDir('cli');
    expect((await run(['--data', data, 'dev', 'enqueue', '--count', '3'])).code).toBe(0);
    // The holder takes the real (OS) lock; a pid file alone no longer stops anyone.
    const held = unwrap(acquireDataDirLock(data));
    try {
      const flush = await run(['--data', data, 'queue', 'flush']);
      expect(flush.code).toBe(1);
      expect(flush.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
      const status = await run(['--data', data, 'queue', 'status', '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout).pending).toBe(3);
    } finally {
      held.release();
    }
  });

  it('platform serve runs the reference platform until interrupted', async () => {
    const { platformCommands } = await import('../../../src-main/cli/commands/platform');
    const data = tempDir('serve');
    const stdout = capture();
    const controller = new AbortController();
    const running = platformCommands[0]!.run(['--port', '0', '--admin-token', 'tok'], { dataDir: data, stdout: stdout.stream, stderr: capture().stream, env: {}, signal: controller.signal });
    const deadline = Date.now() + 5000;
    while (!/listening on (\S+)/.test(stdout.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (\S+)/.exec(stdout.text())![1]!;
    expect(stdout.text()).toMatch(/one-time provisioning code: [0-9A-Z]{12} \(valid until /);
    const kiosks = await fetch(`${url}/admin/kiosks`, { headers: { authorization: 'Bearer tok' } });
    expect(await kiosks.json()).toEqual({ kiosks: [], nextAfter: null, total: 0 });
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });

  it('queue flush reports failure when the kiosk is not provisioned', async () => {
    const data = tempDir('cli');
    const flush = await run(['--data', data, 'queue', 'flush']);
    expect(flush.code).toBe(1);
    expect(flush.stderr).toMatch(/not provisioned/);
  });
});
