// The boot step: the kiosk boots into exactly the versions the fleet state names (profile ⊕ the
// active config payload), counts trial boots, rolls a boot crash loop back without the platform,
// and falls back when an active bundle on disk was altered or no longer validates.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { resolveBootConfig } from '../../../src-main/core/fleet/bootConfig';
import { FleetStore } from '../../../src-main/core/fleet/FleetStore';
import { applierRig, bundle, tempDir, type ApplierRig } from './support/fleetFixtures';

let rig: ApplierRig | undefined;
afterEach(() => rig?.close());

/** Stages config v`version` and swaps it in, as the running core would at a safe point. */
function swapInConfig(r: ApplierRig, version: number, payload: unknown): void {
  unwrap(r.applier.receive(bundle('config', version, payload, r.key)));
  expect(r.applier.applyStaged()).toMatchObject({ kind: 'swapped', bundle: 'config', version });
  expect(r.restarts.at(-1)).toBe(`config v${version} swapped in`);
}

function boot(dataDir: string) {
  return unwrap(resolveBootConfig({ dataDir, profile: 'test' }));
}

describe('boot step', () => {
  it('boots the profile alone when no fleet state exists, writing nothing', () => {
    const dataDir = tempDir('boot');
    const booted = boot(dataDir);
    expect(booted).toMatchObject({ configVersion: null, catalogVersion: null, notes: [] });
    expect(booted.config.ui.idleWarningSeconds).toBe(4); // the test profile's
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('rolls back after maxTrialBoots boots under the new config, without the platform', () => {
    rig = applierRig();
    const { dataDir } = rig;
    swapInConfig(rig, 1, { ui: { idleWarningSeconds: 75 }, configId: 'site-2' });
    rig.close();
    rig = undefined;
    const first = boot(dataDir);
    expect(first).toMatchObject({ configVersion: 1, notes: [] });
    expect(first.config.ui.idleWarningSeconds).toBe(75);
    expect(first.config.kiosk.code).toBe('TEST01'); // the profile's, under the signed layer
    expect(unwrap(FleetStore.open(dataDir)).state.trial).toMatchObject({ version: 1, boots: 1, maxBoots: 2 });
    expect(boot(dataDir).configVersion).toBe(1); // the one restart allowed
    const third = boot(dataDir);
    expect(third.configVersion).toBeNull();
    expect(third.config.ui.idleWarningSeconds).toBe(4);
    expect(third.notes[0]).toMatch(/boot crash loop/);
    const state = unwrap(FleetStore.open(dataDir)).state;
    expect(state.trial).toBeNull();
    expect(state.config).toMatchObject({ active: null, lastKnownGood: null, highestAccepted: 1 });
    expect(state.results.at(-1)).toMatchObject({ outcome: 'rolledBack', reason: 'crashLoop', version: 1, previousVersion: null });
    // Rolled back for good: the next boots stay on the profile.
    expect(boot(dataDir).configVersion).toBeNull();
  });

  it('falls back to last-known-good when the active bundle file was altered on disk', async () => {
    rig = applierRig();
    const { dataDir } = rig;
    swapInConfig(rig, 1, { ui: { idleWarningSeconds: 75 } });
    // The restart: v1 boots and passes its health gate (nothing was available before, so nothing is missing).
    rig.close();
    boot(dataDir);
    rig = applierRig({}, rig.key, dataDir);
    await rig.applier.runGate(new AbortController().signal);
    expect(rig.store.state.config).toMatchObject({ active: 1, lastKnownGood: 1 });
    swapInConfig(rig, 2, { ui: { idleWarningSeconds: 80 } });
    rig.close();
    rig = undefined;
    const file = unwrap(FleetStore.open(dataDir)).bundlePath('config', 2);
    const altered = JSON.parse(fs.readFileSync(file, 'utf8'));
    altered.payload = Buffer.from('{"ui":{"idleWarningSeconds":5}}').toString('base64');
    fs.writeFileSync(file, JSON.stringify(altered));
    const booted = boot(dataDir);
    expect(booted.configVersion).toBe(1);
    expect(booted.config.ui.idleWarningSeconds).toBe(75);
    expect(booted.notes[0]).toMatch(/config v2: .*altered/);
    expect(unwrap(FleetStore.open(dataDir)).state.results.at(-1)).toMatchObject({ outcome: 'rolledBack', reason: 'invalidAtBoot', version: 2, previousVersion: 1 });
  });

  it('sets an unreadable state file aside and boots the profile', () => {
    const dataDir = tempDir('boot');
    fs.mkdirSync(`${dataDir}/fleet`, { recursive: true });
    fs.writeFileSync(`${dataDir}/fleet/state.json`, '{"schema":1,');
    const booted = boot(dataDir);
    expect(booted.configVersion).toBeNull();
    expect(booted.notes[0]).toMatch(/unreadable/);
    expect(fs.readdirSync(`${dataDir}/fleet`).some((f) => f.startsWith('state.json.unreadable-'))).toBe(true);
  });
});
