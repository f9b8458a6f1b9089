// kill -9 while the payer confirms in their wallet app (the order is user-paying). The reboot
// claims it (receipt, alert), and the reconciler closes it at the platform before the payer can
// confirm, so the citizen is never charged for a payment the kiosk cannot show.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('claims the interrupted order and closes it before the payer confirms', async () => {
  rig = await createFeeCrashRig('qr-user-paying');
  const run = await rig.crashAt('qr.userPaying', { kind: 'qrDisplayed', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const atBoot = rig.state(core);
  const { order_id: orderId, claim_id: claimId, state: localState } = atBoot.orders[0];
  expect(localState).toBe('unknown');
  expect(atBoot.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ paymentAlert: 'qrPaymentInterrupted' })]));
  await rig.receiptWith(core, '支付结果待确认凭证', claimId);
  expect((await rig.admin('GET', `/admin/payments/orders/${orderId}`)).order.status).toBe('userPaying');

  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'closed' }]);
  expect(qrKnownStateProblems(rig.state(core))).toEqual([]);
  // The late confirmation in the wallet app is refused: the order is closed.
  const platformOrder = await rig.admin('GET', `/admin/payments/orders/${orderId}`);
  expect(platformOrder.order.status).toBe('closed');
  expect(platformOrder.settlements).toEqual([]);
}, 120_000);
