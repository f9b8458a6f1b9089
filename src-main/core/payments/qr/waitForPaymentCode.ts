// Waits, inside the core, for the scanner to read a citizen's payment code (docs/protocols/barcode-scanners.md#payment-codes).
// Scans that are not payment codes are ignored; the code itself stays in memory for the one
// micropay that needs it: it is never emitted to the renderer, logged or stored.
import { classifyScan } from '../../../../drivers/scanner/scanClassifier';
import type { Event } from '../../../../src-common/event';
import type { Channel } from '../../../../src-common/wire/paymentsWire';
import type { ScannedPaymentCode } from './QrPaymentService';

/** The scan fan-out of one scanner (DeviceManager's `scans`). */
export type ScanSource = Event<string>;

export function waitForPaymentCode(source: ScanSource, signal: AbortSignal): Promise<ScannedPaymentCode | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    const finish = (code: ScannedPaymentCode | undefined) => {
      subscription.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve(code);
    };
    const onAbort = () => finish(undefined);
    const subscription = source((text) => {
      const scanned = classifyScan(text);
      if (!scanned.isPaymentCode) return;
      finish({ text: text.trim(), channel: scanned.kind as Channel });
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
