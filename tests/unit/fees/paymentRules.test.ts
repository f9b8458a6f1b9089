// Pure rules of the payment contract: payable keys, the gateway simulator's outcome and channel by
// payment code, and waiting for a payment code among other scans.
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src-common/event';
import { payableKey } from '../../../src-common/wire/paymentsWire';
import { channelForCode, outcomeForCode } from '../../../platform/server/paymentsLedger';
import { waitForPaymentCode } from '../../../src-main/core/payments/qr/waitForPaymentCode';

describe('payment rules', () => {
  it('keys payables by kind and number', () => {
    expect(payableKey({ kind: 'case', caseNumber: 'TEST01-20261126-0001' })).toBe('case:TEST01-20261126-0001');
    expect(payableKey({ kind: 'notice', noticeNumber: '42020026112600012345' })).toBe('notice:42020026112600012345');
  });

  it('chooses the simulated outcome by the last two digits and the channel by the wallet rules', () => {
    expect(outcomeForCode('134567890123456700')).toBe('success');
    expect(outcomeForCode('134567890123456791')).toBe('userPayingThenSuccess');
    expect(outcomeForCode('134567890123456792')).toBe('failure');
    expect(outcomeForCode('134567890123456793')).toBe('timeout');
    expect(channelForCode('135112298638468293')).toBe('wechatPay');
    expect(channelForCode('289431869362714645')).toBe('alipay');
    expect(channelForCode('6225880212345678901')).toBe('unionPay');
    expect(channelForCode('9999999999999999')).toBe('unknown');
  });
});

describe('waitForPaymentCode', () => {
  it('ignores scans that are not payment codes and stops listening after the code', async () => {
    const scans = new Emitter<string>();
    const got = waitForPaymentCode(scans.event, new AbortController().signal);
    scans.fire('TEST01-20261126-0001');
    scans.fire('https://zwfw.example.gov.cn/q/abc');
    scans.fire('42020026112600012345');
    scans.fire(' 289431869362714645\r');
    expect(await got).toEqual({ text: '289431869362714645', channel: 'alipay' });
    let calls = 0;
    const probe = scans.event(() => calls++);
    scans.fire('135112298638468293');
    probe.dispose();
    expect(calls).toBe(1); // only the probe: the waiter is gone
  });

  it('resolves undefined when aborted', async () => {
    const scans = new Emitter<string>();
    const controller = new AbortController();
    const got = waitForPaymentCode(scans.event, controller.signal);
    controller.abort();
    expect(await got).toBeUndefined();
  });
});
