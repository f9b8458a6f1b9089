// Test rig for fees and QR payment: a real reference platform over HTTP (with its payment
// endpoints and gateway simulator), a kiosk core (test profile: simulated scanner, bill acceptor
// and receipt printer) provisioned with it, an API connection holding a citizen session, and
// admin calls standing in for the citizen's wallet app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KioskConfigInput } from '../../../../kiosk-config/schema';
import { silentLogger } from '../../../../src-common/logging';
import { unwrap } from '../../../../src-common/result';
import type { PlatformServer } from '../../../../platform/server/createPlatformServer';
import { startTestPlatform } from '../../../support/platformDatabase';
import type { ApiConnection } from '../../../../src-main/core/api/ApiRouter';
import { valueModule } from '../../../../src-main/core/composition/CoreModule';
import { DeviceManagerId } from '../../../../src-main/core/devices/DeviceManager';
import { CashServiceId } from '../../../../src-main/core/payments/CashService';
import { PrintServiceId } from '../../../../src-main/core/printing/PrintService';
import { KioskDatabaseId } from '../../../../src-main/core/storage/storageServices';
import { createKioskCore, type KioskCore } from '../../../../src-main/core/createKioskCore';
import { applicationsModule } from '../../../../src-main/core/applications/applicationsModule';
import { catalogModule } from '../../../../src-main/core/catalog/catalogModule';
import { devicesModule } from '../../../../src-main/core/devices/devicesModule';
import { cashModule } from '../../../../src-main/core/payments/cashModule';
import { SessionCaseFeesId, type SessionCaseFees } from '../../../../src-main/core/payments/fees/payables';
import { feesModule } from '../../../../src-main/core/payments/fees/feesModule';
import { printingModule } from '../../../../src-main/core/printing/printingModule';
import { openSyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { provisionKiosk } from '../../../../src-main/core/sync/PlatformClient';
import { storageModule } from '../../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../../src-main/core/alerts/alertsModule';
import { platformModule } from '../../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../../src-main/core/sync/syncModule';
import { fen } from '../../../../src-common/domain/money';
import { until as waitUntil } from '../../../support/until';

export const ADMIN_TOKEN = 'fees-admin-token';
/** Seeded notices (platform/server/paymentsLedger.ts SEEDED_NOTICES). */
export const NOTICE_50 = '42020026112600012345';
export const NOTICE_120 = '42020026112600012346';
export const NOTICE_PAID = '42020026112600012347';
/** Payment codes whose last two digits choose the simulated gateway's answer. */
export const CODES = {
  success: '134567890123456700',
  userPayingThenSuccess: '134567890123456791',
  failure: '284567890123456792',
  timeout: '134567890123456793',
} as const;

/** Wire JSON as tests read it: checked by `expect`, not by types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test access to untyped wire JSON
export type Json = any;

export interface Completion {
  readonly completionCode: string;
  readonly errorDescription?: string;
  readonly payload: Json;
}

export interface ApiEvent {
  readonly event: string;
  readonly payload: Json;
}

/** One API connection with a citizen session, as the renderer would hold it. */
export class TestClient {
  readonly connection: ApiConnection;
  private readonly waiters = new Map<string, (c: Completion) => void>();
  private readonly listeners = new Map<string, (e: ApiEvent) => void>();
  /** Every message the core sent on this connection (tests check the code never appears). */
  readonly raw: string[] = [];
  private next = 1;

  constructor(private readonly core: KioskCore) {
    this.connection = {
      id: `fees-${Math.random().toString(36).slice(2)}`,
      send: (message) => {
        this.raw.push(JSON.stringify(message));
        const m = message as { type: string; requestId: string; event?: string; payload?: unknown };
        if (m.type === 'event') this.listeners.get(m.requestId)?.({ event: m.event!, payload: m.payload });
        if (m.type === 'completion') {
          this.waiters.get(m.requestId)?.(m as unknown as Completion);
          this.waiters.delete(m.requestId);
        }
      },
    };
    core.router.attach(this.connection);
  }

  /** Starts a command; `done` resolves with its completion. */
  start(name: string, payload: unknown, onEvent: (e: ApiEvent) => void = () => {}): { requestId: string; done: Promise<Completion>; events: ApiEvent[] } {
    const requestId = `r${this.next++}`;
    const events: ApiEvent[] = [];
    this.listeners.set(requestId, (e) => {
      events.push(e);
      onEvent(e);
    });
    const done = new Promise<Completion>((resolve) => this.waiters.set(requestId, resolve));
    void this.core.router.dispatch(this.connection, name, requestId, payload);
    return { requestId, done, events };
  }

  call(name: string, payload: unknown = {}): Promise<Completion> {
    return this.start(name, payload).done;
  }

  cancel(requestId: string): Promise<Completion> {
    return this.call('Common.Cancel', { requestIds: [requestId] });
  }
}

export interface FeesRig {
  readonly platform: PlatformServer;
  readonly core: KioskCore;
  readonly client: TestClient;
  readonly dataDir: string;
  /** Every core log line (debug and up, already redacted). */
  readonly logLines: string[];
  /** Admin API of the platform (bearer token). */
  admin(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<{ status: number; json: Json }>;
  /**
   * Platform fault switch `down`: kiosk connections are destroyed before any answer. Note the
   * reference platform still processes such a request (the answer is lost, as on a flaky link).
   */
  setPlatformDown(down: boolean): Promise<void>;
  /** Stops the platform process entirely (nothing is processed), and starts it again on the same port and data. */
  stopPlatform(): Promise<void>;
  startPlatform(): Promise<void>;
  /** The citizen shows a code to the simulated scanner. */
  scan(text: string): Promise<void>;
  insertNote(valueFen: number): void;
  /** Rows of the kiosk database (read through the core's own connection). */
  kioskRows(sql: string, ...params: unknown[]): Json[];
  /** Events the platform stored, by kind. */
  platformEvents(kind: string): Promise<Array<{ idempotencyKey: string; payload: Json }>>;
  receiptLines(): string[][];
  stop(): Promise<void>;
}

export interface RigOptions {
  readonly caseFees?: SessionCaseFees;
  /** Run the real catalog and applications modules (case fees then come from the applications service). */
  readonly applications?: boolean;
  readonly qrPay?: NonNullable<KioskConfigInput['qrPay']>;
}

export const until = (check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> => waitUntil(check, what, ms);

/** A case-fee source standing in for the applications service (cases "submitted in this session"). */
export function fixedCaseFees(cases: Record<string, { feeFen: number; zh: string; en: string }>): SessionCaseFees & { paidMarks: string[] } {
  const paidMarks: string[] = [];
  return {
    paidMarks,
    caseFee: (caseNumber) => {
      const c = cases[caseNumber];
      return c ? { caseNumber, name: { zh: c.zh, en: c.en }, feeFen: fen(c.feeFen) } : undefined;
    },
    markPaid: (caseNumber) => void paidMarks.push(caseNumber),
  };
}

export async function startFeesRig(options: RigOptions = {}): Promise<FeesRig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-fees-'));
  const platformDir = path.join(dataDir, 'platform');
  let platform = await startTestPlatform({ dataDir: platformDir, adminToken: ADMIN_TOKEN });
  const port = Number(new URL(platform.url).port);
  let platformRunning = true;
  // Provision the kiosk identity before the core starts (as `budayang provision` would).
  const kioskDir = path.join(dataDir, 'kiosk');
  const stack = unwrap(openSyncStack({ dataDir: kioskDir, log: silentLogger }));
  unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'TEST01', appVersion: 'test' }));
  stack.close();

  const logLines: string[] = [];
  // Without the applications module, the test's fixed case fees stand in for its session cases.
  const caseFeesModules = options.caseFees ? [valueModule('test.caseFees', SessionCaseFeesId, options.caseFees)] : [];
  const core = await createKioskCore({
    dataDir: kioskDir,
    profile: 'test',
    logger: { logDir: false, level: 'debug', sink: (line) => logLines.push(line) },
    configOverrides: {
      sync: { platformUrl: platform.url, heartbeatSeconds: 3600, batchSize: 100 },
      qrPay: { pollIntervalMs: 150, minConfirmWindowSeconds: 2, reconcileIntervalSeconds: 3600, ...options.qrPay },
    },
    modules: options.applications
      ? [devicesModule, storageModule, catalogModule, printingModule, cashModule, applicationsModule, feesModule, alertsModule, platformModule, syncModule]
      : [...caseFeesModules, devicesModule, storageModule, printingModule, cashModule, feesModule, alertsModule, platformModule, syncModule],
  });
  const ctx = core.context;
  const qrPayAvailable = () => ctx.capabilities.current().capabilities.find((c) => c.capability === 'qrPay')?.available === true;
  await until(() => ctx.deviceStatuses.get('receipt-printer')?.state === 'online', 10_000, 'receipt printer online');
  await until(() => ctx.deviceStatuses.get('scanner')?.state === 'online', 10_000, 'scanner online');
  const cash = core.service(CashServiceId)!;
  await cash.waitReady(10_000);
  await until(qrPayAvailable, 10_000, 'platform online (first heartbeat)');

  const client = new TestClient(core);
  const session = await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
  if (session.completionCode !== 'success') throw new Error(`Session.Start: ${session.errorDescription}`);

  const admin = async (method: 'GET' | 'POST', urlPath: string, body?: unknown) => {
    const res = await fetch(platform.url + urlPath, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return {
    get platform() {
      return platform;
    },
    core,
    client,
    dataDir,
    logLines,
    admin,
    setPlatformDown: async (down) => {
      const answer = await admin('POST', '/admin/faults', down ? { kind: 'down' } : { kind: 'none' });
      if (answer.status !== 200) throw new Error(`fault switch: ${answer.status}`);
    },
    stopPlatform: async () => {
      platformRunning = false;
      await platform.close();
    },
    startPlatform: async () => {
      platform = await startTestPlatform({ dataDir: platformDir, adminToken: ADMIN_TOKEN, port });
      platformRunning = true;
    },
    scan: async (text) => {
      const scanner = core.service(DeviceManagerId)!.scanner();
      if (!scanner.ok || !scanner.value.simulator) throw new Error('no simulated scanner');
      if (!(await scanner.value.simulator.scan(text))) throw new Error('scan not delivered');
    },
    insertNote: (valueFen) => cash.simulator!.insert(valueFen),
    kioskRows: (sql, ...params) => core.service(KioskDatabaseId)!.prepare(sql).all(...params),
    platformEvents: async (kind) => (await platform.store.allEvents()).filter((e) => e.kind === kind).map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload })),
    receiptLines: () => {
      const simulator = core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!.simulator!;
      return simulator.receipts().map((r) => r.flatMap((e) => (e.kind === 'text' ? [e.text] : e.kind === 'qr' ? [`[qr ${e.data}]`] : [])));
    },
    stop: async () => {
      await core.stop();
      if (platformRunning) await platform.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
