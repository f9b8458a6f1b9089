// 长辈模式 waits longer at devices (issue #16 item 13): the configured wait times the elderly factor,
// never past what the method accepts, so the core never refuses an elderly citizen's wait.
import { describe, expect, it } from 'vitest';
import { devicesMethods } from '../../../src-common/api/devices';
import { feesMethods } from '../../../src-common/api/fees';
import type { UiSettings } from '../../../src-common/api/kiosk';
import { DEVICE_WAIT_MAX_SECONDS, deviceWaitSeconds } from '../../../src-renderer/app/deviceWaits';

const ui = { cardWaitSeconds: 60, cashTimeoutSeconds: 180, qrDisplayedSeconds: 120, paymentCodeSeconds: 60, elderlyTimeoutFactor: 2.5 } as UiSettings;

const payable = { kind: 'notice', noticeNumber: '42020026000000012345' } as const;
const accepts = {
  'IdCard.WaitForCard': (timeoutSeconds: number) => devicesMethods['IdCard.WaitForCard'].input.safeParse({ timeoutSeconds }).success,
  'Fee.PayCash': (timeoutSeconds: number) => feesMethods['Fee.PayCash'].input.safeParse({ payable, timeoutSeconds }).success,
  'Qr.PayByDisplayedCode': (timeoutSeconds: number) => feesMethods['Qr.PayByDisplayedCode'].input.safeParse({ payable, timeoutSeconds }).success,
  'Qr.PayByPaymentCode': (timeoutSeconds: number) => feesMethods['Qr.PayByPaymentCode'].input.safeParse({ payable, timeoutSeconds }).success,
} as const;

describe('device waits in elderly mode', () => {
  it('are the configured waits in standard mode and stretched by the factor in elderly mode', () => {
    expect(deviceWaitSeconds(ui, false, 'IdCard.WaitForCard')).toBe(60);
    expect(deviceWaitSeconds(ui, true, 'IdCard.WaitForCard')).toBe(150);
    expect(deviceWaitSeconds(ui, true, 'Qr.PayByDisplayedCode')).toBe(300);
    expect(deviceWaitSeconds(ui, true, 'Fee.PayCash')).toBe(450);
  });

  it('stop at each method’s declared maximum, which the method accepts and one more it refuses', () => {
    expect(deviceWaitSeconds(ui, true, 'Qr.PayByPaymentCode')).toBe(150);
    expect(deviceWaitSeconds({ ...ui, elderlyTimeoutFactor: 5 }, true, 'IdCard.WaitForCard')).toBe(300);
    for (const [method, max] of Object.entries(DEVICE_WAIT_MAX_SECONDS) as Array<[keyof typeof accepts, number]>) {
      expect(accepts[method](max), `${method} accepts ${max}`).toBe(true);
      expect(accepts[method](max + 1), `${method} refuses ${max + 1}`).toBe(false);
    }
  });
});
