// kill -9 of the kiosk at every step of applying a config bundle (each atomic write of the bundle
// file and of the fleet state: temp written, synced, renamed — across staging, the swap, the boot
// step under trial and the commit), and at random moments: the next boot runs the old config or
// the new one, exactly, never a mix; and the kiosk then finishes the apply by itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskConfig } from '../../../kiosk-config/schema';
import { unwrap } from '../../../src-common/result';
import { composeConfig, readProfileLayer } from '../../../src-main/core/config/loadConfig';
import { resolveBootConfig } from '../../../src-main/core/fleet/bootConfig';
import { generateAdminKey, signBundle } from '../../../src-main/core/fleet/fleetKeys';
import { readFleetState } from '../../../src-main/core/fleet/FleetStore';
import { tempDir } from '../../unit/fleet/support/fleetFixtures';
import { applyThrough, bootAndOpen, PROFILE, V1, V2 } from './support/applyFlow';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const workerBundle = path.join(repo, 'node_modules', '.cache', 'budayang-fleet-tests', `applyWorker-${process.pid}.mjs`);
const RANDOM_KILLS = 12;
/** Random kills land 0–MAX_KILL_DELAY_MS after the worker starts (a whole apply takes ~100–300 ms). */
const MAX_KILL_DELAY_MS = 400;

beforeAll(async () => {
  await build({ entryPoints: [path.join(here, 'support', 'applyWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: workerBundle, packages: 'external', logLevel: 'silent' });
});
afterAll(() => fs.rmSync(workerBundle, { force: true }));

const key = generateAdminKey().key;
const v1Bundle = unwrap(signBundle('config', 1, V1, key));
const v2Bundle = unwrap(signBundle('config', 2, V2, key));
const profileLayer = unwrap(readProfileLayer(PROFILE));
const OLD = unwrap(composeConfig(profileLayer, V1));
const NEW = unwrap(composeConfig(profileLayer, V2));

/** A kiosk running v1 (applied, last-known-good), with the v2 bundle file ready to deliver. */
async function kioskOnV1(): Promise<{ dataDir: string; bundleFile: string }> {
  const dataDir = tempDir('kill9');
  bootAndOpen(dataDir, undefined, key).stack.close();
  await applyThrough(dataDir, v1Bundle);
  expect(readFleetState(dataDir)).toMatchObject({ ok: true, value: { config: { active: 1, lastKnownGood: 1 } } });
  const bundleFile = path.join(dataDir, 'incoming-v2.json');
  fs.writeFileSync(bundleFile, JSON.stringify(v2Bundle));
  return { dataDir, bundleFile };
}

interface Run {
  readonly steps: string[];
  readonly finished: boolean;
}

/** Runs the worker; freezes it at step `stopAt` and kills it there, or kills it after `killAfterMs`, or lets it finish. */
function runWorker(dataDir: string, bundleFile: string, kill: { stopAt: number } | { killAfterMs: number } | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [workerBundle, dataDir, bundleFile, ...(kill && 'stopAt' in kill ? [String(kill.stopAt)] : [])];
    const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errText = '';
    const timer = kill && 'killAfterMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.killAfterMs) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (kill && 'stopAt' in kill && out.includes(`at ${kill.stopAt}\n`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`worker failed (${code}): ${errText.slice(0, 2000)}`));
      resolve({ steps: [...out.matchAll(/^step \d+ (\S+)$/gm)].map((m) => m[1]!), finished: out.includes('done\n') });
    });
  });
}

/**
 * What the next boot runs: exactly v1's config or exactly v2's. Booted on a copy of the data
 * directory, because a boot under a trial counts against the trial's boots.
 */
function bootedVersion(dataDir: string): 1 | 2 {
  const copy = tempDir('boot-copy');
  fs.cpSync(dataDir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'kiosk.lock'), { force: true });
  const booted = unwrap(resolveBootConfig({ dataDir: copy, profile: PROFILE }));
  const matches = (expected: KioskConfig) => JSON.stringify(booted.config) === JSON.stringify(expected);
  if (booted.configVersion === 1 && matches(OLD)) return 1;
  if (booted.configVersion === 2 && matches(NEW)) return 2;
  throw new Error(`booted a mix: version ${booted.configVersion}, configId ${booted.config.configId}, idle ${booted.config.ui.idleWarningSeconds}`);
}

/** After the crash, the kiosk carries on by itself and ends on v2, applied once. */
async function expectRecovers(dataDir: string, bundleFile: string): Promise<void> {
  const resumed = await runWorker(dataDir, bundleFile, undefined);
  expect(resumed.finished).toBe(true);
  const state = unwrap(readFleetState(dataDir));
  expect(state.config).toMatchObject({ active: 2, lastKnownGood: 2, staged: null });
  expect(state.trial).toBeNull();
  expect(state.results.filter((r) => r.version === 2).map((r) => r.outcome)).toEqual(['applied']);
  expect(bootedVersion(dataDir)).toBe(2);
}

describe('kill -9 while applying a config bundle', () => {
  it('boots the old or the new config, never a mix, after a kill at each write step, and then finishes the apply', async () => {
    const dry = await kioskOnV1();
    const steps = (await runWorker(dry.dataDir, dry.bundleFile, undefined)).steps;
    // The bundle file, then the state four times (staged, swapped, the trial boot counted, committed), 3 steps each.
    expect(steps).toEqual(['bundle:config', 'state', 'state', 'state', 'state'].flatMap((w) => ['tmpWritten', 'tmpSynced', 'renamed'].map((s) => `${w}:${s}`)));
    const seen = new Set<number>();
    for (let stopAt = 1; stopAt <= steps.length; stopAt++) {
      const { dataDir, bundleFile } = await kioskOnV1();
      const run = await runWorker(dataDir, bundleFile, { stopAt });
      expect(run.finished).toBe(false);
      seen.add(bootedVersion(dataDir));
      await expectRecovers(dataDir, bundleFile);
    }
    // Early kills leave v1, late ones v2: both sides of the swap were exercised.
    expect([...seen].sort()).toEqual([1, 2]);
  }, 120_000);

  it(`holds at ${RANDOM_KILLS} kills at random moments`, async () => {
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const { dataDir, bundleFile } = await kioskOnV1();
      await runWorker(dataDir, bundleFile, { killAfterMs: Math.floor(Math.random() * MAX_KILL_DELAY_MS) });
      expect([1, 2]).toContain(bootedVersion(dataDir));
      await expectRecovers(dataDir, bundleFile);
    }
  }, 120_000);
});
