// Test rig for the fleet inside a real core: a reference platform over HTTP, a kiosk data
// directory provisioned with it, and every core module (test profile: simulated devices), restarted
// in-process when the fleet asks for a restart — as the browser shell's supervisor would.
import fs from 'node:fs';
import { afterAll, afterEach } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import type { KioskConfigInput } from '../../../../kiosk-config/schema';
import { silentLogger } from '../../../../src-common/logging';
import { unwrap } from '../../../../src-common/result';
import type { Bundle } from '../../../../src-common/wire/bundle';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../../src-main/core/createKioskCore';
import { loadAdminSigningKey, signBundle, type AdminSigningKey } from '../../../../src-main/core/fleet/fleetKeys';
import { createFleetModule } from '../../../../src-main/core/fleet/fleetModule';
import { FleetServiceId, type FleetService } from '../../../../src-main/core/fleet/fleetServices';
import { coreModules } from '../../../../src-main/core/modules';
import { HeartbeatId } from '../../../../src-main/core/sync/Heartbeat';
import { SyncEngineId } from '../../../../src-main/core/sync/SyncEngine';
import type { HeartbeatRequest } from '../../../../src-common/wire/wire';
import type { RolloutStatus } from '../../../../src-common/wire/fleetAdmin';
import { openSyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { provisionKiosk } from '../../../../src-main/core/sync/PlatformClient';
import { createPlatformServer, type PlatformServer } from '../../../../platform/server/createPlatformServer';
import { until as waitUntil } from '../../../support/until';

export const ADMIN_TOKEN = 'fleet-test-admin';
const createdDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-fleet-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const until = (check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> => waitUntil(check, what, ms);

export interface FleetPlatform {
  readonly server: PlatformServer;
  /** The platform's fleet key (its development key file; pinned by kiosks at provisioning). */
  readonly key: AdminSigningKey;
  /** Signs (offline, with `key`), publishes, and rolls it out to every kiosk in one ring. */
  publish(kind: Bundle['kind'], version: number, payload: unknown, key?: AdminSigningKey): Promise<Bundle>;
  /** Signs (offline, with `key`) and publishes, without a rollout. */
  upload(kind: Bundle['kind'], version: number, payload: unknown, key?: AdminSigningKey): Promise<Bundle>;
  rollout(request: Record<string, unknown>): Promise<RolloutStatus>;
  status(rolloutId: string): Promise<RolloutStatus>;
  command(kioskId: string, action: unknown, options?: { urgent?: boolean; ttlSeconds?: number }): Promise<string>;
  /** The latest heartbeat the platform holds for a kiosk. */
  lastHeartbeat(kioskId: string): Promise<HeartbeatRequest | undefined>;
  /** Events of one kind the platform received, oldest first. */
  events(kind: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function startFleetPlatform(): Promise<FleetPlatform> {
  const dataDir = tempDir('platform');
  const server = await createPlatformServer({ dataDir, port: 0, adminToken: ADMIN_TOKEN, rolloutTickMs: 100 });
  const key = unwrap(loadAdminSigningKey(path.join(dataDir, 'admin-key.pem')));
  const admin = async (method: string, route: string, body: unknown) => {
    const res = await fetch(server.url + route, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    server,
    key,
    async upload(kind, version, payload, signer = key) {
      const bundle = unwrap(signBundle(kind, version, payload, signer));
      await admin('PUT', `/admin/bundles/${kind}`, bundle);
      return bundle;
    },
    async rollout(request) {
      return (await admin('POST', '/admin/rollouts', request)) as unknown as RolloutStatus;
    },
    async status(rolloutId) {
      return (await admin('GET', `/admin/rollouts/${rolloutId}`, undefined)) as unknown as RolloutStatus;
    },
    async publish(kind, version, payload, signer = key) {
      const bundle = unwrap(signBundle(kind, version, payload, signer));
      await admin('PUT', `/admin/bundles/${kind}`, bundle);
      // Every kiosk of this platform, one ring, no soak: the kiosk's side is what these tests watch.
      await admin('POST', '/admin/rollouts', { kind, version, target: {}, rings: [{ percent: 100 }], soakSeconds: 0 });
      return bundle;
    },
    async command(kioskId, action, options = {}) {
      return (await admin('POST', '/admin/commands', { kioskId, action, ...options })).commandId as string;
    },
    async lastHeartbeat(kioskId) {
      return (await server.store.kiosks.status(kioskId))?.lastHeartbeat;
    },
    async events(kind) {
      return (await server.store.allEvents()).filter((e) => e.kind === kind).map((e) => e.payload);
    },
    close: () => server.close(),
  };
}

/** Registers the kiosk of `dataDir` with the platform before any core opens it; returns its id. */
export async function provisionDataDir(dataDir: string, platform: FleetPlatform): Promise<string> {
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  try {
    return unwrap(await provisionKiosk(stack.identity, platform.server.url, { code: await platform.server.createProvisioningCode(), kioskCode: 'TEST01', appVersion: 'test' })).kioskId;
  } finally {
    stack.close();
  }
}

/** A core that its "supervisor" (this rig) starts again whenever it asks to restart. */
export class RestartingCore {
  private current: KioskCore | undefined;
  private clientOf: ApiClient | undefined;
  private restarting: Promise<void> | undefined;
  /** Every restart reason, in order. */
  readonly restarts: string[] = [];
  /** Boots so far (1 after start). */
  boots = 0;

  /** Added to the fleet's clock: tests move time forward for expiries. */
  clockOffsetMs = 0;

  constructor(
    readonly dataDir: string,
    private readonly overrides: Partial<KioskConfigInput> = {},
  ) {}

  async start(): Promise<this> {
    this.current = await createKioskCore({
      dataDir: this.dataDir,
      profile: 'test',
      logger: { logDir: false },
      configOverrides: this.overrides,
      modules: coreModules.map((m) => (m.name === 'fleet' ? createFleetModule({ clock: () => Date.now() + this.clockOffsetMs }) : m)),
      requestRestart: (reason) => {
        this.restarts.push(reason);
        // Like a process exiting: after the current call stack, never inside it.
        const restarting: Promise<void> = new Promise((resolve) => setImmediate(resolve)).then(() => this.restart());
        this.restarting = restarting;
        void restarting.finally(() => {
          if (this.restarting === restarting) this.restarting = undefined;
        });
      },
    });
    this.boots++;
    this.clientOf = new ApiClient(() => createInMemorySocket(this.current!.router) as ClientSocket);
    await this.clientOf.whenOpen();
    return this;
  }

  private async restart(): Promise<void> {
    this.clientOf?.close();
    await this.current?.stop();
    this.current = undefined;
    await this.start();
  }

  get core(): KioskCore {
    if (!this.current) throw new Error('the core is restarting');
    return this.current;
  }

  get running(): boolean {
    return this.current !== undefined && this.restarting === undefined;
  }

  get client(): ApiClient {
    if (!this.clientOf) throw new Error('the core is restarting');
    return this.clientOf;
  }

  /** One heartbeat now (commands arrive, receipts are acknowledged). */
  beat(): Promise<void> {
    return this.core.service(HeartbeatId)!.beat();
  }

  /** Pushes the outbox now. */
  async flush(): Promise<void> {
    await this.core.service(SyncEngineId)!.flushNow();
  }

  get fleet(): FleetService {
    const fleet = this.core.service(FleetServiceId);
    if (!fleet) throw new Error('no fleet module');
    return fleet;
  }

  /** Waits for `n` restarts in total to have completed. */
  async restarted(n: number, ms = 15_000): Promise<void> {
    await until(() => this.restarts.length >= n && this.restarting === undefined, ms, `${n} restart(s)`);
  }

  /** Every service and the platform available (what the health gate will expect back). */
  healthy(): boolean {
    const summary = this.core.status().capabilities;
    return summary.services.every((s) => s.available) && summary.capabilities.some((c) => c.capability === 'platformOnline' && c.available);
  }

  async stop(): Promise<void> {
    await this.restarting;
    this.clientOf?.close();
    await this.current?.stop();
    this.current = undefined;
  }
}

/**
 * The platform and kiosk of one test, stopped after it (and the temp dirs after the file): call
 * once at the top of a test file, then set `rig.platform` / `rig.kiosk` in each test.
 */
export function fleetTestRig(): { platform: FleetPlatform | undefined; kiosk: RestartingCore | undefined } {
  const rig: { platform: FleetPlatform | undefined; kiosk: RestartingCore | undefined } = { platform: undefined, kiosk: undefined };
  afterEach(async () => {
    await rig.kiosk?.stop();
    await rig.platform?.close();
    rig.kiosk = undefined;
    rig.platform = undefined;
  });
  afterAll(() => removeTempDirs());
  return rig;
}
