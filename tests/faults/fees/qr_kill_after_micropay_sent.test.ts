// kill -9 right after the micropay charged the citizen's payment code, before the kiosk handled
// the answer. The money moved: claim, receipt and alert at boot; the reconciler learns the order
// is paid and writes the payment record with its job.
import { afterEach, expect, it } from 'vitest';
import { CODE_PAID, NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('records the charged payment after the reboot, once', async () => {
  rig = await createFeeCrashRig('qr-micropay-sent');
  const run = await rig.crashAt('qr.micropaySent', { kind: 'qrPaymentCode', noticeNumber: NOTICE_50, paymentCode: CODE_PAID });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const atBoot = rig.state(core);
  const { order_id: orderId, claim_id: claimId } = atBoot.orders[0];
  expect(atBoot.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ paymentAlert: 'qrPaymentInterrupted' })]));
  await rig.receiptWith(core, '支付结果待确认凭证', claimId);

  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'paid' }]);
  const state = rig.state(core);
  expect(qrKnownStateProblems(state)).toEqual([]);
  expect(state.records).toEqual([expect.objectContaining({ payment_id: orderId, amount_fen: 5000, channel: 'wechatPay' })]);
  expect((await rig.admin('GET', `/admin/payments/orders/${orderId}`)).counters.micropays).toBe(1);
}, 120_000);
