// Fleet benchmarks (docs/fleet.md), each against a baseline measured in the same run:
// verifying a 5,000-item catalog bundle (signature, canonical form, schema) against the bare
// JSON.parse + schema check it cannot avoid; staging a bundle durably against the two bare atomic
// file replaces (tmp + fsync + rename + dir fsync) it cannot avoid; and the boot step
// with an active signed config against loading the profile alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalog, type ServiceCatalog } from '../../kiosk-config/catalog/schema';
import { EnabledServices, FleetSettings } from '../../kiosk-config/schema';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { loadConfig, readProfileLayer } from '../../src-main/core/config/loadConfig';
import { writeFileAtomic } from '../../src-main/core/fleet/atomicFile';
import { resolveBootConfig } from '../../src-main/core/fleet/bootConfig';
import { BundleApplier } from '../../src-main/core/fleet/BundleApplier';
import { payloadChecker } from '../../src-main/core/fleet/bundlePayloads';
import { generateAdminKey, signBundle } from '../../src-main/core/fleet/fleetKeys';
import { FleetStore } from '../../src-main/core/fleet/FleetStore';
import { pinKeys } from '../../src-main/core/fleet/keyring';
import { verifyBundle } from '../../src-main/core/fleet/verifyBundle';
import { openSyncStack, type SyncStack } from '../../src-main/core/sync/openSyncStack';
import type { BenchFigure } from './types';

const CATALOG_ITEMS = 5000;
const VERIFY_ROUNDS = 5;
const STAGE_ROUNDS = 20;
const BOOT_ROUNDS = 20;

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-bench-fleet-${prefix}-`));
  dirs.push(dir);
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function bigCatalog(): ServiceCatalog {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kiosk-config/catalog/sample-catalog.json');
  const sample = unwrap(parseCatalog(JSON.parse(fs.readFileSync(file, 'utf8'))));
  const items = [];
  for (let i = 0; items.length < CATALOG_ITEMS; i++) {
    for (const item of sample.items) {
      if (items.length >= CATALOG_ITEMS) break;
      items.push(i === 0 ? item : { ...item, id: `${item.id}-r${i}`, name: { zh: `${item.name.zh}(${i})`, en: `${item.name.en} #${i}` }, related: [] });
    }
  }
  return { ...sample, items };
}

/** The floor of staging: two crash-safe file replaces (bundle, then state), nothing else. */
function bareAtomicPair(dir: string, version: number, bundleBytes: string, stateBytes: string): void {
  writeFileAtomic(path.join(dir, `bundle-${version}.json`), bundleBytes);
  writeFileAtomic(path.join(dir, 'state.json'), stateBytes);
}

function newApplier(dataDir: string, stack: SyncStack, checkPayload: ReturnType<typeof payloadChecker>): BundleApplier {
  return new BundleApplier({
    store: unwrap(FleetStore.open(dataDir)),
    db: stack.db,
    outbox: stack.outbox,
    dataDir,
    checkPayload,
    settings: FleetSettings.parse({}),
    enabledServices: EnabledServices.parse({}),
    health: () => ({ services: [], platformOnline: false }),
    now: () => Date.now(),
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    pollMs: 100,
    log: silentLogger,
    restart: () => {},
  });
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const { key } = generateAdminKey();
  const keyring = pinKeys([], [{ publicKey: key.publicKey, source: 'provisioning' }], new Date().toISOString()).keyring;
  const profileLayer = unwrap(readProfileLayer('test'));
  const checkPayload = payloadChecker({ profileLayer });

  // 1. Verifying a big catalog bundle vs parsing and validating the same document.
  const catalog = bigCatalog();
  const catalogBundle = unwrap(signBundle('catalog', 1, catalog, key));
  const catalogText = JSON.stringify(catalog);
  const verifyMs: number[] = [];
  const baselineMs: number[] = [];
  for (let round = 0; round < VERIFY_ROUNDS; round++) {
    baselineMs.push(timeMs(() => unwrap(parseCatalog(JSON.parse(catalogText)))));
    verifyMs.push(timeMs(() => unwrap(verifyBundle(catalogBundle, { keyring, kinds: { config: { highestAccepted: 0 }, catalog: { highestAccepted: 0 } }, checkPayload, at: new Date().toISOString() }))));
  }
  const verify = median(verifyMs);
  const baseline = median(baselineMs);
  figures.push({ name: `verify a ${CATALOG_ITEMS}-item catalog bundle (${(catalogBundle.payload.length / 1048576).toFixed(1)} MB base64: signature, canonical form, schema), median of ${VERIFY_ROUNDS}`, value: Number(verify.toFixed(1)), unit: 'ms', target: '≤ 2 × JSON.parse + schema check of the same catalog', ratio: Number((verify / baseline / 2).toFixed(2)), note: `baseline ${baseline.toFixed(1)} ms` });

  // 2. Staging a config bundle durably vs the two bare atomic replaces it needs.
  const stageDir = tempDir('stage');
  const stack = unwrap(openSyncStack({ dataDir: stageDir, log: silentLogger }));
  const applier = newApplier(stageDir, stack, checkPayload);
  applier.pinKeys([{ publicKey: key.publicKey, source: 'provisioning' }]);
  const bareDir = tempDir('bare');
  const stageMs: number[] = [];
  const bareMs: number[] = [];
  for (let version = 1; version <= STAGE_ROUNDS; version++) {
    const bundle = unwrap(signBundle('config', version, { configId: `bench-${version}`, ui: { idleWarningSeconds: 30 + version } }, key));
    bareMs.push(timeMs(() => bareAtomicPair(bareDir, version, JSON.stringify(bundle), JSON.stringify(applier.state))));
    stageMs.push(timeMs(() => unwrap(applier.receive(bundle))));
  }
  stack.close();
  const stage = median(stageMs);
  const bare = median(bareMs);
  figures.push({ name: `stage a config bundle durably (verify, bundle file, state), median of ${STAGE_ROUNDS}`, value: Number(stage.toFixed(2)), unit: 'ms', target: '≤ 1.5 × two bare atomic replaces (4 fsyncs, the floor)', ratio: Number((stage / bare / 1.5).toFixed(2)), note: `two atomic replaces ${bare.toFixed(2)} ms` });

  // 3. The boot step with an active signed config vs loading the profile alone.
  const bootDir = tempDir('boot');
  const bootStack = unwrap(openSyncStack({ dataDir: bootDir, log: silentLogger }));
  const bootApplier = newApplier(bootDir, bootStack, checkPayload);
  bootApplier.pinKeys([{ publicKey: key.publicKey, source: 'provisioning' }]);
  unwrap(bootApplier.receive(unwrap(signBundle('config', 1, { configId: 'bench', ui: { idleWarningSeconds: 45 } }, key))));
  bootApplier.applyStaged();
  bootStack.close();
  const store = unwrap(FleetStore.open(bootDir));
  store.commit({ ...store.state, trial: null, config: { ...store.state.config, lastKnownGood: 1 } });
  const bootMs: number[] = [];
  const profileMs: number[] = [];
  for (let round = 0; round < BOOT_ROUNDS; round++) {
    profileMs.push(timeMs(() => unwrap(loadConfig({ profile: 'test' }))));
    bootMs.push(timeMs(() => unwrap(resolveBootConfig({ dataDir: bootDir, profile: 'test' }))));
  }
  const boot = median(bootMs);
  const profileOnly = median(profileMs);
  figures.push({ name: `boot step with an active signed config (lock, state, bundle re-verified, composed), median of ${BOOT_ROUNDS}`, value: Number(boot.toFixed(2)), unit: 'ms', target: '≤ 5 ms on top of loading the profile alone', ratio: Number(((boot - profileOnly) / 5).toFixed(2)), note: `profile alone ${profileOnly.toFixed(2)} ms` });

  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  return figures;
}
