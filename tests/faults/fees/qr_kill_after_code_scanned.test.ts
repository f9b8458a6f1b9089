// kill -9 after the citizen's payment code was read (order paying) but before the micropay was
// sent. Nothing was charged, but the reboot cannot know that: claim, receipt, alert; the
// reconciler finds the order unpaid and reverses it, so the code can never be charged later.
import { afterEach, expect, it } from 'vitest';
import { CODE_PAID, NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('claims the order, then reverses it: nothing charged', async () => {
  rig = await createFeeCrashRig('qr-code-scanned');
  const run = await rig.crashAt('qr.codeScanned', { kind: 'qrPaymentCode', noticeNumber: NOTICE_50, paymentCode: CODE_PAID });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const atBoot = rig.state(core);
  const { order_id: orderId, claim_id: claimId } = atBoot.orders[0];
  expect(atBoot.orders[0].state).toBe('unknown');
  expect(atBoot.jobs('claim.qrPaymentUnknown')[0].payload.reason).toBe('the kiosk stopped while the order was paying');
  expect(atBoot.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ paymentAlert: 'qrPaymentInterrupted' })]));
  await rig.receiptWith(core, '支付结果待确认凭证', claimId);

  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'reversed' }]);
  expect(qrKnownStateProblems(rig.state(core))).toEqual([]);
  const platformOrder = await rig.admin('GET', `/admin/payments/orders/${orderId}`);
  expect(platformOrder.order.status).toBe('reversed');
  expect(platformOrder.counters.micropays).toBe(0);
  expect(rig.state(core).records).toEqual([]);
}, 120_000);
