// The technician's tools as a core module (docs/technicians.md): self-tests of every configured
// device from its driver's action table, kept in the database and sent in the heartbeat; an ID
// read under a diagnostics lease; leases held for a session of work (leasesApi.ts); the certificate
// printer's calibration loop (calibrationApi.ts); the cash journal check; the PII-free diagnostics
// bundle, saved to the data dir (and a USB stick) or uploaded. Served to the renderer in
// diagnostics mode and to the CLI over the control channel (diagnosticsApi.ts).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { apiError } from '../../../src-common/api/envelope';
import { RENDERER_CAMERA_ID, type SelfTestRun } from '../../../src-common/api/technician';
import { err, ok } from '../../../src-common/result';
import { defineModule, type ModuleContext } from '../composition/CoreModule';
import { DeviceManagerId, type DeviceManager } from '../devices/DeviceManager';
import { toIdCardData } from '../devices/idCardData';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { verifyChain } from '../payments/cashJournal';
import { CashServiceId, type CashService } from '../payments/CashService';
import { receiptEncodingOptions } from '../printing/escpos/receiptEncoding';
import { PrintServiceId, type PrintService } from '../printing/PrintService';
import { renderSamplePdf } from '../printing/printingTools';
import { sampleReceipt } from '../printing/receipts/sampleReceipts';
import { KioskDatabaseId, OutboxId } from '../storage/storageServices';
import { HeartbeatId } from '../sync/Heartbeat';
import { describeFailure, PlatformClientId } from '../sync/PlatformClient';
import { buildDiagnosticsBundle, viewLog } from './diagnosticsBundle';
import { TechnicianServiceId, type TechnicianService } from './technicianServices';
import { SelfTestStore } from './SelfTestStore';
import { testableDevice, withLease, type TestableDevice } from './SelfTestRunner';
import { CalibrationStore } from './CalibrationStore';
import { registerCalibrationApi } from './calibrationApi';
import { holderLabel, registerLeaseApi } from './leasesApi';
import { TechnicianDeskId } from './technicianDesk';
import { newUlid } from '../ids/ulids';
import { ESCPOS_PRINTER_TABLE, SAM_READER_TABLE, SCANNER_TABLE, SSP_ACCEPTOR_TABLE, SYSTEM_PRINTER_TABLE } from './selfTestTables';


/** The platform's answer to an upload (platform/server/diagnostics/diagnosticsUploads.ts). */
const DiagnosticsUploadAnswer = z.object({ uploadId: z.string(), stored: z.enum(['new', 'duplicate']) });

/** The folder of the data dir the screen's bundle button writes to. */
export const BUNDLE_DIR = 'diagnostics';

export const technicianModule = defineModule({
  name: 'technician',
  requires: { db: KioskDatabaseId, devices: DeviceManagerId },
  optional: { printing: PrintServiceId, cash: CashServiceId, outbox: OutboxId, heartbeat: HeartbeatId, platform: PlatformClientId, desk: TechnicianDeskId },
  provides: { technician: TechnicianServiceId },
  start(ctx, { db, devices, printing, cash, outbox, heartbeat, platform, desk }) {
    const log = ctx.log.child('technician');
    const store = new SelfTestStore(db);
    const startedAt = Date.now();
    const testable = testableDevices(ctx, devices, printing, cash);
    heartbeat?.attachSelfTests(() => store.latestPerDevice());
    const leases = registerLeaseApi(ctx, () => testable, desk);
    if (printing) registerCalibrationApi(ctx, { printing, store: new CalibrationStore(db), leases, ...(desk ? { desk } : {}) });

    const testPageBytes = (deviceId: string) => () =>
      encodeReceipt(sampleReceipt('testPage', { hallName: ctx.config.kiosk.hallName.zh, kioskCode: ctx.config.kiosk.code, deviceId, at: new Date().toISOString() }), receiptEncodingOptions(ctx.config.printing.receiptPaper, ctx.config.printing.receiptFontCoverage));
    const calibrationPdf = (deviceId: string) => () => renderSamplePdf('calibration', printing?.calibrationFor(deviceId));

    ctx.router.register('Technician.SelfTest', async (input, call) => {
      const chosen = input.deviceId === undefined ? testable : testable.filter((d) => d.deviceId === input.deviceId);
      if (chosen.length === 0) return err(apiError('invalidData', 'deviceNotConfigured', `no self-testable device ${input.deviceId ?? ''} on this kiosk`));
      const runs: SelfTestRun[] = [];
      for (const device of chosen) {
        const held = leases.heldFor(call.connection.id, device.deviceId);
        const run = await device.run(holderLabel(call.connection), { signal: call.signal, mediaWaitMs: input.mediaWaitSeconds * 1000, testPageBytes: testPageBytes(device.deviceId), calibrationPdf: calibrationPdf(device.deviceId) }, input.requestedBy, held);
        if (!run.ok) return err(apiError(run.error.code, 'leaseRefused', run.error.description));
        try {
          store.record(run.value);
        } catch (e) {
          log.error('selftest.store_failed', { deviceId: device.deviceId, error: e });
        }
        log.info('selftest.run', { deviceId: device.deviceId, outcome: run.value.outcome, steps: run.value.steps.map((s) => `${s.action}:${s.outcome}`).join(' '), requestedBy: input.requestedBy });
        runs.push(run.value);
      }
      return ok({ runs });
    });

    ctx.router.register('Technician.RecordCameraSelfTest', async (input) => {
      // The renderer's word for it, kept as such: the driver names where the run happened.
      const run: SelfTestRun = {
        runId: newUlid(),
        deviceId: RENDERER_CAMERA_ID,
        deviceClass: 'camera',
        driver: 'renderer getUserMedia',
        startedAt: input.startedAt,
        finishedAt: input.finishedAt,
        outcome: input.steps.some((s) => s.outcome === 'failed') ? 'failed' : 'passed',
        steps: input.steps,
        requestedBy: 'screen',
      };
      try {
        store.record(run);
      } catch (e) {
        log.error('selftest.store_failed', { deviceId: run.deviceId, error: e });
      }
      log.info('selftest.run', { deviceId: run.deviceId, outcome: run.outcome, steps: run.steps.map((s) => `${s.action}:${s.outcome}`).join(' '), requestedBy: 'screen' });
      return ok(run);
    });

    ctx.router.register('Technician.SelfTestHistory', async (input) => ok({ runs: store.history(input.limit, input.deviceId) }));

    ctx.router.register('Technician.ReadIdCard', async (input, call) => {
      const found = devices.idCardReader(input.deviceId);
      if (!found.ok) return err(apiError('invalidData', 'deviceNotConfigured', found.error));
      const result = await withLease(found.value.supervisor, holderLabel(call.connection), async (reader) => {
        const read = await reader.waitForCard({ signal: call.signal, timeoutMs: input.timeoutSeconds * 1000 });
        if (!read.ok) {
          const described = describeIdCardError(read.error);
          return err(apiError(described.code, 'readFailed', described.en));
        }
        return ok(toIdCardData(read.value));
      }, leases.heldFor(call.connection.id, found.value.config.id));
      if (!result.ok) return err(apiError(result.error.code, result.error.leaseRefused ? 'leaseRefused' : result.error.errorCode === 'readFailed' ? 'readFailed' : 'leaseRefused', result.error.description));
      // The card goes to the technician who asked (masked by the CLI unless --show-pii), never to a log.
      log.info('technician.id_read', { cardType: result.value.cardType, connection: call.connection.id });
      return ok({ card: result.value });
    });

    ctx.router.register('Technician.Logs', async (input) => {
      ctx.log.flush();
      return ok({ lines: viewLog(ctx.dataDir, ctx.log.redactor, input) });
    });

    ctx.router.register('Technician.JournalVerify', async () => {
      const verified = verifyChain(db);
      return ok(verified.ok ? { intact: true as const, entries: verified.value.entries, headHash: verified.value.lastHash } : { intact: false as const, seq: verified.error.seq, reason: verified.error.reason });
    });

    const service: TechnicianService = {
      bundle: () =>
        buildDiagnosticsBundle({
          config: ctx.config,
          profile: ctx.profile,
          dataDir: ctx.dataDir,
          redactor: ctx.log.redactor,
          devices: ctx.deviceStatuses.list(),
          selfTests: store.history(100),
          ...(outbox ? { outbox } : {}),
          startedAt,
        }),
      selfTestHistory: (limit, deviceId) => store.history(limit, deviceId),
      async uploadDiagnostics(uploadId) {
        if (!platform) return { outcome: 'failed', detail: 'this kiosk has no platform client' };
        ctx.log.flush();
        const bundle = service.bundle();
        const sent = await platform.signed('PUT', `/v1/diagnostics/${encodeURIComponent(uploadId)}`, bundle, DiagnosticsUploadAnswer);
        if (!sent.ok) return { outcome: 'failed', detail: `upload ${uploadId}: ${describeFailure(sent.error)}` };
        log.info('technician.diagnostics_uploaded', { uploadId, stored: sent.value.stored });
        return { outcome: 'done', detail: `diagnostics bundle ${uploadId} uploaded (${sent.value.stored})` };
      },
    };
    ctx.router.register('Technician.DiagnosticsBundle', async () => {
      ctx.log.flush();
      const bundle = service.bundle();
      return ok({ bundle: { ...bundle }, byteLength: Buffer.byteLength(JSON.stringify(bundle)) });
    });
    ctx.router.register('Technician.SaveBundle', async () => {
      ctx.log.flush();
      const text = JSON.stringify(service.bundle(), null, 1);
      const name = `diagnostics-${ctx.config.kiosk.code}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      const file = path.join(ctx.dataDir, BUNDLE_DIR, name);
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, text, { mode: 0o600 });
      } catch (e) {
        return err(apiError('hardwareError', 'storageError', `writing ${file}: ${(e as Error).message}`));
      }
      const usb = copyToUsb(ctx.config.diagnostics.usbExportDir, name, text);
      log.info('technician.bundle_saved', { file, usb: usb.path ?? usb.error ?? 'not configured' });
      return ok({ path: file, usbPath: usb.path ?? null, usbError: usb.error ?? null, byteLength: Buffer.byteLength(text) });
    });
    ctx.router.register('Technician.UploadBundle', async () => {
      const uploadId = `kiosk-${newUlid()}`;
      const sent = await service.uploadDiagnostics(uploadId);
      return ok({ uploadId, ...sent });
    });
    return { technician: service };
  },
});

/** Writes the bundle to a mounted USB stick's folder too; a stick that is not there is said, not fatal. */
function copyToUsb(dir: string | undefined, name: string, text: string): { readonly path?: string; readonly error?: string } {
  if (!dir) return {};
  try {
    if (!fs.statSync(dir).isDirectory()) return { error: `${dir} is not a folder` };
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return { path: file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${dir} is not mounted` : `${dir}: ${code ?? (e as Error).message}` };
  }
}

/** Every configured device with a self-test table, in config order. */
function testableDevices(ctx: ModuleContext, devices: DeviceManager, printing: PrintService | undefined, cash: CashService | undefined): TestableDevice[] {
  const driverOf = (deviceId: string) => ctx.config.devices.find((d) => d.id === deviceId)?.driver ?? 'unknown';
  const found: TestableDevice[] = [];
  for (const d of devices.list()) {
    const info = { deviceId: d.config.id, deviceClass: d.config.class, driver: d.config.driver };
    if (d.kind === 'idCardReader') found.push(testableDevice(info, d.supervisor, SAM_READER_TABLE));
    else found.push(testableDevice(info, d.supervisor, SCANNER_TABLE));
  }
  for (const p of printing?.devices().receiptPrinters ?? []) found.push(testableDevice({ deviceId: p.deviceId, deviceClass: 'receiptPrinter', driver: driverOf(p.deviceId) }, p.supervisor, ESCPOS_PRINTER_TABLE));
  for (const p of printing?.devices().systemPrinters ?? []) {
    const supervisor = p.supervisor;
    if (supervisor) found.push(testableDevice({ deviceId: p.deviceId, deviceClass: p.printerClass, driver: driverOf(p.deviceId) }, supervisor, SYSTEM_PRINTER_TABLE));
  }
  if (cash) found.push(testableDevice({ deviceId: cash.deviceId, deviceClass: 'billAcceptor', driver: driverOf(cash.deviceId) }, cash.device.supervisor, SSP_ACCEPTOR_TABLE));
  const order = new Map(ctx.config.devices.map((d, i) => [d.id, i]));
  return found.sort((a, b) => (order.get(a.deviceId) ?? 0) - (order.get(b.deviceId) ?? 0));
}
