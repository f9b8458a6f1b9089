// The certificate printer's calibration loop (docs/technicians.md): print the calibration page
// with the current offset, enter how far its crosses landed from the marks, save the corrected
// offset (kiosk database, audited through the command audit), print again to check.
import { apiError } from '../../../src-common/api/envelope';
import type { CalibrationState } from '../../../src-common/api/technician';
import { err, ok } from '../../../src-common/result';
import type { ModuleContext } from '../composition/CoreModule';
import type { PrintService } from '../printing/PrintService';
import { renderSamplePdf } from '../printing/printingTools';
import type { SystemPrinterDevice } from '../printing/SystemPrinterDevice';
import type { CalibrationStore} from './CalibrationStore';
import { correctedOffset, MAX_OFFSET_MM } from './CalibrationStore';
import type { DiagnosticsLeases } from './DiagnosticsLeases';
import { holderLabel } from './leasesApi';
import { withLease } from './SelfTestRunner';
import type { TechnicianDesk } from './technicianDesk';
import { newUlid } from '../ids/ulids';

export function registerCalibrationApi(ctx: ModuleContext, deps: { readonly printing: PrintService; readonly store: CalibrationStore; readonly leases: DiagnosticsLeases; readonly desk?: TechnicianDesk }): void {
  const { printing, store, leases, desk } = deps;
  const log = ctx.log.child('calibration');
  printing.useSavedCalibrations((deviceId) => store.get(deviceId));

  const certificatePrinter = (deviceId: string | undefined): SystemPrinterDevice | undefined =>
    printing.devices().systemPrinters.find((p) => p.printerClass === 'certificatePrinter' && (deviceId === undefined || p.deviceId === deviceId));

  const stateOf = (deviceId: string): CalibrationState => {
    const saved = store.get(deviceId);
    if (saved) return { deviceId, dxMm: saved.dxMm, dyMm: saved.dyMm, source: 'saved', savedAt: saved.savedAt, technician: saved.technician };
    const configured = ctx.config.printing.calibration[deviceId];
    return configured ? { deviceId, ...configured, source: 'config', savedAt: null, technician: null } : { deviceId, dxMm: 0, dyMm: 0, source: 'none', savedAt: null, technician: null };
  };

  ctx.router.register('Technician.Calibration', async (input) => {
    const printer = certificatePrinter(input.deviceId);
    return printer ? ok(stateOf(printer.deviceId)) : err(apiError('invalidData', 'deviceNotConfigured', `no certificate printer ${input.deviceId ?? ''} on this kiosk`));
  });

  ctx.router.register('Technician.CalibrationPrint', async (input, call) => {
    const printer = certificatePrinter(input.deviceId);
    const supervisor = printer?.supervisor;
    if (!printer || !supervisor) return err(apiError('invalidData', 'deviceNotConfigured', `no certificate printer ${input.deviceId ?? ''} on this kiosk`));
    const calibration = stateOf(printer.deviceId);
    const pdf = await renderSamplePdf('calibration', printing.calibrationFor(printer.deviceId));
    const held = leases.heldFor(call.connection.id, printer.deviceId);
    const printed = await withLease(supervisor, holderLabel(call.connection), async (link) => ok(await link.print(`calibration-${newUlid()}`, pdf, '套打校准页')), held);
    if (!printed.ok) return err(apiError(printed.error.code, 'leaseRefused', printed.error.description));
    log.info('calibration.page_printed', { deviceId: printer.deviceId, dxMm: calibration.dxMm, dyMm: calibration.dyMm, outcome: printed.value.outcome });
    return ok({ calibration, outcome: printed.value.outcome, ...('reason' in printed.value && printed.value.reason ? { detail: printed.value.reason } : {}) });
  });

  ctx.router.register('Technician.CalibrationSave', async (input, call) => {
    const printer = certificatePrinter(input.deviceId);
    if (!printer) return err(apiError('invalidData', 'deviceNotConfigured', `no certificate printer ${input.deviceId ?? ''} on this kiosk`));
    const previous = stateOf(printer.deviceId);
    const next = correctedOffset(previous, { dxMm: input.measuredDxMm, dyMm: input.measuredDyMm });
    if (Math.abs(next.dxMm) > MAX_OFFSET_MM || Math.abs(next.dyMm) > MAX_OFFSET_MM) {
      return err(apiError('invalidData', 'offsetOutOfRange', `the corrected offset (${next.dxMm}, ${next.dyMm}) mm is beyond ±${MAX_OFFSET_MM} mm: check the stock and the paper guides`));
    }
    const technician = desk?.technicianOf(call.connection)?.technicianId ?? 'screen';
    try {
      store.save({ deviceId: printer.deviceId, ...next, savedAt: new Date().toISOString(), technician });
    } catch (e) {
      return err(apiError('hardwareError', 'storageError', `saving the calibration failed: ${(e as Error).message}`));
    }
    desk?.audit({ action: 'calibration', channel: call.connection.role === 'technician' ? 'control' : 'screen', technicianId: technician, deviceId: printer.deviceId, outcome: 'saved' });
    log.info('calibration.saved', { deviceId: printer.deviceId, from: `${previous.dxMm},${previous.dyMm}`, to: `${next.dxMm},${next.dyMm}`, technician });
    return ok({ previous, calibration: stateOf(printer.deviceId) });
  });
}
