// The life of one config bundle on a kiosk, step by step, as the core runs it — boot step,
// verify and stage, swap at a safe point, "restart", boot step under trial, health gate, commit —
// with every atomic file write observable (so a fault test can stop the process at any of them).
// Shared by the kill -9 worker and by the test that prepares and checks the data directory.
import { EnabledServices, FleetSettings } from '../../../../kiosk-config/schema';
import { silentLogger } from '../../../../src-common/logging';
import { unwrap } from '../../../../src-common/result';
import { BundleApplier } from '../../../../src-main/core/fleet/BundleApplier';
import { resolveBootConfig, type BootConfig } from '../../../../src-main/core/fleet/bootConfig';
import { payloadChecker } from '../../../../src-main/core/fleet/bundlePayloads';
import { FleetStore, type FleetWriteObserver } from '../../../../src-main/core/fleet/FleetStore';
import type { AdminSigningKey } from '../../../../src-main/core/fleet/fleetKeys';
import { readProfileLayer } from '../../../../src-main/core/config/loadConfig';
import { openSyncStack, type SyncStack } from '../../../../src-main/core/sync/openSyncStack';

export const PROFILE = 'test';

/** Every payload field that differs between the two versions must move together. */
export const V1 = { configId: 'v1', ui: { idleWarningSeconds: 40, announcement: { zh: '版本一', en: 'one' } }, openingHours: { exceptions: [{ date: '2026-10-01', periods: [] }] } };
export const V2 = { configId: 'v2', ui: { idleWarningSeconds: 50, announcement: { zh: '版本二', en: 'two' }, elderlyModeDefault: true }, openingHours: { exceptions: [{ date: '2026-10-02', periods: [] }] }, services: { pay: false } };

const timers = { setTimeout: () => 0, clearTimeout: () => {} };

interface Opened {
  readonly boot: BootConfig;
  readonly stack: SyncStack;
  readonly applier: BundleApplier;
  readonly restarts: string[];
}

/** A core's start, as far as the fleet is concerned: the boot step, then storage, then the applier. */
export function bootAndOpen(dataDir: string, observer?: FleetWriteObserver, pin?: AdminSigningKey): Opened {
  const boot = unwrap(resolveBootConfig({ dataDir, profile: PROFILE, ...(observer ? { observer } : {}) }));
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  const store = unwrap(FleetStore.open(dataDir, observer));
  const restarts: string[] = [];
  const applier = new BundleApplier({
    store,
    db: stack.db,
    outbox: stack.outbox,
    dataDir,
    checkPayload: payloadChecker({ profileLayer: unwrap(readProfileLayer(PROFILE)) }),
    settings: FleetSettings.parse({}),
    enabledServices: EnabledServices.parse(boot.config.services),
    // Nothing was available before the swap (no devices here), so the gate passes at once.
    health: () => ({ services: [], platformOnline: false }),
    now: () => Date.now(),
    timers,
    pollMs: 100,
    log: silentLogger,
    restart: (reason) => restarts.push(reason),
  });
  if (pin) applier.pinKeys([{ publicKey: pin.publicKey, source: 'provisioning' }]);
  applier.reportResults();
  return { boot, stack, applier, restarts };
}

/**
 * Takes a bundle from wherever the kiosk is (nothing, staged, swapped, on trial) to applied, the
 * way a core does across its restarts. Idempotent: after a crash it resumes.
 */
export async function applyThrough(dataDir: string, bundle: unknown, observer?: FleetWriteObserver): Promise<void> {
  let opened = bootAndOpen(dataDir, observer);
  for (let guard = 0; guard < 5; guard++) {
    const { applier, stack } = opened;
    if (applier.state.trial) {
      await applier.runGate(new AbortController().signal);
      stack.close();
      return;
    }
    applier.receivePulled('config', bundle, null);
    const step = applier.applyStaged();
    if (step.kind !== 'swapped') {
      stack.close();
      return;
    }
    // The swap asked for a restart: this "process" stops and a new one boots.
    stack.close();
    opened = bootAndOpen(dataDir, observer);
  }
  throw new Error('applyThrough did not settle');
}
