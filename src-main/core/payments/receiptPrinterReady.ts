// Receipts printed at boot (a claim or a payment the reconciler completed) wait for a receipt
// printer to come online first: the printer connects in parallel with the bill acceptor, and a
// receipt refused by a printer still connecting would be lost to the citizen.
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';

/** Resolves true once any receipt printer is online, false after `timeoutMs` without one. */
export function receiptPrinterReady(statuses: DeviceStatusBoard, timeoutMs: number): Promise<boolean> {
  const online = () => statuses.list().some((s) => s.deviceClass === 'receiptPrinter' && s.state === 'online');
  if (online()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(ready);
    };
    const subscription = statuses.onDidChange(() => {
      if (online()) finish(true);
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref();
  });
}
