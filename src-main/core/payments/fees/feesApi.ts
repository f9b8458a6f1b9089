// The Fee.* and Qr.* API adapter: look a payable up, pay it in cash, or by QR (the displayed
// order code, or the citizen's payment code read by the scanner). QR payment is refused up front,
// with nothing charged, when the capability gate says the platform or the scanner cannot work.
import { apiError, type MethodError } from '../../../../src-common/api/envelope';
import { err } from '../../../../src-common/result';
import type { CoreContext } from '../../CoreContext';
import type { DeviceManager } from '../../devices/DeviceManager';
import { cashInEvents } from '../cashApi';
import type { QrPaymentService } from '../qr/QrPaymentService';
import { waitForPaymentCode } from '../qr/waitForPaymentCode';
import type { FeeService } from './FeeService';

export interface FeesApiServices {
  readonly fees: FeeService;
  readonly qr: QrPaymentService;
  /** Absent without the devices module: paying by payment code is then refused. */
  readonly devices: DeviceManager | undefined;
}

export function registerFeesApi(ctx: CoreContext, { fees, qr, devices }: FeesApiServices): void {
  ctx.router.register('Fee.Lookup', async (input) => fees.lookup(input.payable));

  ctx.router.register('Fee.PayCash', async (input, call) => fees.payCash(input.payable, input.timeoutSeconds * 1000, call.signal, cashInEvents(call.emit)));

  ctx.router.register('Qr.PayByDisplayedCode', async (input, call) => {
    const refused = qrRefusal(ctx);
    if (refused) return err(refused);
    return fees.withPayable(input.payable, async () => {
      const resolved = await fees.resolveUnpaid(input.payable);
      if (!resolved.ok) return resolved;
      return qr.payByDisplayedCode(resolved.value, input.timeoutSeconds * 1000, call.signal, {
        orderCreated: (e) => call.emit('orderCreated', e),
        userPaying: (e) => call.emit('userPaying', e),
      });
    });
  });

  ctx.router.register('Qr.PayByPaymentCode', async (input, call) => {
    const refused = qrRefusal(ctx);
    if (refused) return err(refused);
    const scanner = devices?.scanner();
    if (!scanner?.ok) return err(apiError('deviceNotReady', 'scannerUnavailable', scanner ? scanner.error : 'no scanner is configured: payment codes cannot be read'));
    const scanState = ctx.capabilities.current().capabilities.find((c) => c.capability === 'scan');
    if (scanState && !scanState.available) return err(apiError('deviceNotReady', 'scannerUnavailable', `the scanner is unavailable (${scanState.reasonKey ?? 'reason.deviceFault'}: ${scanState.detail ?? ''})`));
    const scans = scanner.value.scans;
    return fees.withPayable(input.payable, async () => {
      const resolved = await fees.resolveUnpaid(input.payable);
      if (!resolved.ok) return resolved;
      return qr.payByPaymentCode(
        resolved.value,
        input.timeoutSeconds * 1000,
        call.signal,
        {
          waitingForCode: () => call.emit('waitingForCode', {}),
          codeScanned: (e) => call.emit('codeScanned', e),
          userPaying: (e) => call.emit('userPaying', e),
        },
        (signal) => waitForPaymentCode(scans, signal),
      );
    });
  });
}

/** QR payment needs the platform: the capability gate already says why not. */
function qrRefusal(ctx: CoreContext): MethodError<'qrUnavailable'> | undefined {
  const state = ctx.capabilities.current().capabilities.find((c) => c.capability === 'qrPay');
  if (state?.available) return undefined;
  return apiError('deviceNotReady', 'qrUnavailable', `QR payment is unavailable (${state?.reasonKey ?? 'reason.offline'}: ${state?.detail ?? 'central platform unreachable'}); nothing was charged`);
}
