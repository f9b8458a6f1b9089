// How long the kiosk waits for a citizen at a device (issue #16 item 13, 长辈模式 after MIIT's
// 适老化 rules): the configured wait, stretched by `ui.elderlyTimeoutFactor` in elderly mode, and
// never past what the method declares (a wait the core would refuse is no wait at all).
import type { UiSettings } from '../../src-common/api/kiosk';

/** The longest `timeoutSeconds` each device method accepts (its input schema; a unit test keeps them equal). */
export const DEVICE_WAIT_MAX_SECONDS = {
  'IdCard.WaitForCard': 300,
  'Fee.PayCash': 900,
  'Qr.PayByDisplayedCode': 600,
  'Qr.PayByPaymentCode': 300,
} as const;

export type DeviceWaitMethod = keyof typeof DEVICE_WAIT_MAX_SECONDS;

/** The configured wait of each device method. */
function configured(ui: UiSettings, method: DeviceWaitMethod): number {
  switch (method) {
    case 'IdCard.WaitForCard':
      return ui.cardWaitSeconds;
    case 'Fee.PayCash':
      return ui.cashTimeoutSeconds;
    case 'Qr.PayByDisplayedCode':
      return ui.qrDisplayedSeconds;
    case 'Qr.PayByPaymentCode':
      return ui.paymentCodeSeconds;
  }
}

/** Seconds to pass as the method's `timeoutSeconds`. */
export function deviceWaitSeconds(ui: UiSettings, elderly: boolean, method: DeviceWaitMethod): number {
  const factor = elderly ? ui.elderlyTimeoutFactor : 1;
  return Math.min(DEVICE_WAIT_MAX_SECONDS[method], Math.round(configured(ui, method) * factor));
}
