// Fixtures for the fleet unit tests: admin keys, signed bundles, and a BundleApplier over a real
// data directory (real SQLite outbox, real fleet files) with manual timers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { silentLogger } from '../../../../src-common/logging';
import { unwrap } from '../../../../src-common/result';
import type { Bundle, BundleKind } from '../../../../src-common/wire/bundle';
import { BundleApplier, type BundleApplierOptions } from '../../../../src-main/core/fleet/BundleApplier';
import { payloadChecker } from '../../../../src-main/core/fleet/bundlePayloads';
import { generateAdminKey, signBundle, type AdminSigningKey } from '../../../../src-main/core/fleet/fleetKeys';
import { FleetStore } from '../../../../src-main/core/fleet/FleetStore';
import type { SafePointTimers } from '../../../../src-main/core/fleet/SafePoint';
import { readProfileLayer } from '../../../../src-main/core/config/loadConfig';
import { openSyncStack, type SyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { FleetSettings, EnabledServices } from '../../../../kiosk-config/schema';

const dirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-fleet-${prefix}-`));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function newKey(): AdminSigningKey {
  return generateAdminKey().key;
}

export function bundle(kind: BundleKind, version: number, payload: unknown, key: AdminSigningKey): Bundle {
  return unwrap(signBundle(kind, version, payload, key));
}

/** Timers driven by hand: `fire()` runs every pending callback once. */
export class ManualTimers implements SafePointTimers {
  private next = 1;
  private readonly pending = new Map<number, () => void>();
  setTimeout(fn: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
  get count(): number {
    return this.pending.size;
  }
}

export interface ApplierRig {
  readonly dataDir: string;
  /** Restarts the applier asked for (it swaps a config only when it can restart the core). */
  readonly restarts: string[];
  readonly stack: SyncStack;
  readonly store: FleetStore;
  readonly applier: BundleApplier;
  readonly key: AdminSigningKey;
  close(): void;
}

/**
 * A BundleApplier on a data directory (test profile; fresh unless given: reopening one is what a
 * core restart does), with `key` pinned as the provisioning key.
 */
export function applierRig(overrides: Partial<BundleApplierOptions> = {}, key: AdminSigningKey = newKey(), dataDir = tempDir('applier')): ApplierRig {
  const restarts: string[] = [];
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  const store = unwrap(FleetStore.open(dataDir));
  const applier = new BundleApplier({
    store,
    db: stack.db,
    outbox: stack.outbox,
    dataDir,
    checkPayload: payloadChecker({ profileLayer: unwrap(readProfileLayer('test')) }),
    settings: FleetSettings.parse({}),
    enabledServices: EnabledServices.parse({}),
    health: () => ({ services: [], platformOnline: false }),
    now: () => Date.now(),
    timers: new ManualTimers(),
    pollMs: 100,
    log: silentLogger,
    restart: (reason) => restarts.push(reason),
    ...overrides,
  });
  applier.pinKeys([{ publicKey: key.publicKey, source: 'provisioning' }]);
  return { dataDir, restarts, stack, store, applier, key, close: () => stack.close() };
}

/** The `fleet.bundleResult` payloads in the outbox, oldest first. */
export function reportedResults(stack: SyncStack): Array<Record<string, unknown>> {
  const rows = stack.db.prepare("SELECT payload_json FROM outbox_jobs WHERE kind = 'fleet.bundleResult' ORDER BY id").pluck().all() as string[];
  return rows.map((r) => JSON.parse(r) as Record<string, unknown>);
}
