// A config bundle under which the core crashes at every boot (a bill acceptor driver this version
// does not have: the schema accepts the name, the payments module refuses to start), run by the
// real `budayang core` process under the real CoreSupervisor, with no platform at all: the swap
// restarts the core, two boots crash, and the third boot rolls back before any module starts.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { main } from '../../../src-main/cli/main';
import { loadConfig } from '../../../src-main/core/config/loadConfig';
import { generateAdminKey, signBundle } from '../../../src-main/core/fleet/fleetKeys';
import { CoreSupervisor } from '../../../src-main/shell/CoreSupervisor';
import { tempDir } from '../../unit/fleet/support/fleetFixtures';
import { bootAndOpen } from './support/applyFlow';
import { until as waitUntil } from '../../support/until';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const cliBundle = path.join(repo, 'node_modules', '.cache', 'budayang-fleet-tests', `cli-${process.pid}.mjs`);

beforeAll(async () => {
  await build({ entryPoints: [path.join(here, 'support', 'cliEntry.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: cliBundle, packages: 'external', logLevel: 'silent' });
});
afterAll(() => fs.rmSync(cliBundle, { force: true }));

const until = (check: () => boolean, ms: number, what: string): Promise<void> => waitUntil(check, what, ms, 50);

async function configStatus(dataDir: string): Promise<Record<string, unknown>> {
  let out = '';
  const stdout = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
  expect(await main(['--data', dataDir, 'config', 'status', '--json'], { stdout, stderr: stdout })).toBe(0);
  return JSON.parse(out) as Record<string, unknown>;
}

describe('boot crash loop under a new config', () => {
  it('rolls back by itself after the allowed boots, without the platform, and comes up on the old config', async () => {
    const dataDir = tempDir('crashloop');
    const key = generateAdminKey().key;
    // The kiosk pins the key and has the crashing bundle staged (as if pulled before the network went away).
    const devices = unwrap(loadConfig({ profile: 'test' })).devices.map((d) => (d.class === 'billAcceptor' ? { ...d, driver: 'ccnet' } : d));
    const opened = bootAndOpen(dataDir, undefined, key);
    expect(opened.applier.receive(unwrap(signBundle('config', 1, { configId: 'unsupported-acceptor', devices }, key)))).toMatchObject({ ok: true });
    opened.stack.close();

    const exits: Array<number | null> = [];
    let readies = 0;
    const supervisor = new CoreSupervisor({
      script: cliBundle,
      args: () => ['core', '--port', '0', '--profile', 'test', '--data', dataDir, '--no-static'],
      env: process.env,
      launch: () => ({ type: 'launch', token: 'f'.repeat(64) }),
      onReady: () => readies++,
      onExit: ({ code }) => exits.push(code),
    });
    try {
      await supervisor.start();
      // First boot on the profile; the fleet swaps v1 in at its first safe point and restarts.
      await until(() => readies === 2, 90_000, 'the core to come back after the rollback');
      // 75: the swap's restart; 1, 1: two boots crashing under v1; then the rollback boot came up.
      expect(exits).toEqual([75, 1, 1]);
      const status = await configStatus(dataDir);
      expect(status).toMatchObject({ configVersion: null, staged: { config: null }, lastKnownGood: { config: null }, trial: null });
      expect(status.lastResult).toMatchObject({ kind: 'config', version: 1, outcome: 'rolledBack', reason: 'crashLoop' });
    } finally {
      await supervisor.stop();
    }
    // The core that came back queued the rollback for the platform: it waits in the outbox.
    const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const queued = db.prepare("SELECT payload_json FROM outbox_jobs WHERE kind = 'fleet.bundleResult'").pluck().all() as string[];
    db.close();
    expect(queued.map((p) => JSON.parse(p))).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'crashLoop', version: 1 })]);
  }, 120_000);
});
