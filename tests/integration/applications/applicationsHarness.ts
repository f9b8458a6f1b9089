// Test rig for the applications service: a real reference platform over HTTP, a kiosk data
// directory provisioned with it, and a core (test profile: simulated ID reader and receipt
// printer) reached through the in-memory socket + ApiClient exactly as the renderer would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import type { SubmitInput } from '../../../src-main/core/applications/ApplicationService';
import { applicationsModule } from '../../../src-main/core/applications/applicationsModule';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { catalogModule } from '../../../src-main/core/catalog/catalogModule';
import type { CoreModule } from '../../../src-main/core/composition/CoreModule';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { devicesModule } from '../../../src-main/core/devices/devicesModule';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { openSyncStack } from '../../../src-main/core/sync/openSyncStack';
import { provisionKiosk } from '../../../src-main/core/sync/PlatformClient';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { platformModule } from '../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../src-main/core/sync/syncModule';
import { createPlatformServer, type PlatformServer } from '../../../platform/server/createPlatformServer';
import { until as waitUntil } from '../../support/until';

export const ADMIN_TOKEN = 'applications-test-admin';
/** A 1×1 PNG: small, real base64 (the core never decodes images). */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const createdDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-applications-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir made (call after the core and platform are stopped). */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function startPlatform(dataDir: string, port = 0): Promise<PlatformServer> {
  return createPlatformServer({ dataDir, port, adminToken: ADMIN_TOKEN });
}

/** Registers the kiosk of `dataDir` with the platform before any core opens it. */
export async function provisionDataDir(dataDir: string, platform: PlatformServer): Promise<void> {
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger }));
  try {
    unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'TEST01', appVersion: 'test' }));
  } finally {
    stack.close();
  }
}

export interface CoreUnderTest {
  readonly core: KioskCore;
  readonly client: ApiClient;
  stop(): Promise<void>;
}

export async function startCore(dataDir: string, options: { heartbeatSeconds?: number; writeLogs?: boolean; retentionHours?: number; extraModules?: readonly CoreModule[] } = {}): Promise<CoreUnderTest> {
  const core = await createKioskCore({
    dataDir,
    profile: 'test',
    modules: [devicesModule, storageModule, catalogModule, printingModule, applicationsModule, alertsModule, platformModule, syncModule, ...(options.extraModules ?? [])],
    logger: options.writeLogs ? { logDir: path.join(dataDir, 'logs'), level: 'debug' } : { logDir: false },
    configOverrides: {
      sync: { heartbeatSeconds: options.heartbeatSeconds ?? 60, batchSize: 100 },
      ...(options.retentionHours !== undefined ? { privacy: { retentionHours: options.retentionHours } } : {}),
    },
  });
  const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
  await client.whenOpen();
  await until(() => core.context.deviceStatuses.get('receipt-printer')?.state === 'online' && core.context.deviceStatuses.get('id-reader')?.state === 'online', 10_000, 'devices online');
  return {
    core,
    client,
    stop: async () => {
      client.close();
      await core.stop();
    },
  };
}

export const until = (check: () => boolean, ms: number, what: string): Promise<void> => waitUntil(check, what, ms);

/** Starts a session and reads a fixture card through the simulator, as the UI does. */
export async function sessionWithCard(client: ApiClient, fixture = 'resident-wang'): Promise<{ name: string; idNumber: string }> {
  unwrap(await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
  unwrap(await client.call('Simulator.InsertCard', { fixture }));
  const read = unwrap(await client.call('IdCard.WaitForCard', { timeoutSeconds: 10 }));
  unwrap(await client.call('Simulator.RemoveCard', {}));
  return { name: read.card.name, idNumber: read.card.idNumber };
}

let keySeq = 0;
export function newKey(): string {
  return `test-key-${process.pid}-${Date.now()}-${keySeq++}`;
}

/** A complete submission of `no-criminal-record-certificate` (one A-level material: nothing to provide). */
export function criminalRecordSubmission(overrides: Partial<SubmitInput> = {}): SubmitInput {
  return {
    kind: 'item',
    id: 'no-criminal-record-certificate',
    answers: { applicantPhone: '13800138000', reason: '入职单位要求开具证明' },
    materials: [],
    signature: { mimeType: 'image/png', base64: TINY_PNG },
    consentAt: new Date().toISOString(),
    idempotencyKey: newKey(),
    ...overrides,
  };
}

/** An `application.submitted` event as the platform stored it (the fields these tests read). */
export interface ReceivedEvent {
  readonly kind: string;
  readonly streamKey: string;
  readonly payload: {
    readonly items: ReadonlyArray<{ readonly itemId: string; readonly fields: ReadonlyArray<{ readonly fieldKey: string; readonly answerKey: string }> }>;
    readonly materials: ReadonlyArray<Readonly<Record<string, unknown>>>;
  };
  readonly pii: {
    readonly applicant: Readonly<Record<string, string>>;
    readonly answers: Readonly<Record<string, string>>;
    readonly materialImages: ReadonlyArray<{ readonly materialId: string; readonly images: ReadonlyArray<{ readonly mimeType: string; readonly base64: string }> }>;
    readonly signature: { readonly mimeType: string; readonly base64: string };
  };
}

/** Events the platform holds, through its admin API over HTTP. */
export async function platformEvents(platform: PlatformServer): Promise<ReceivedEvent[]> {
  const response = await fetch(`${platform.url}/admin/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`admin/events answered ${response.status}`);
  return ((await response.json()) as { events: ReceivedEvent[] }).events;
}
