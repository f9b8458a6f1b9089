// kill -9 while the displayed QR is on screen (order created, nobody paid yet). The reboot cannot
// know whether the citizen paid meanwhile: the order becomes unknown with a claim, the claim
// receipt is printed and an operator alerted; the reconciler then learns it was never paid and
// closes it at the platform.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('claims, prints, alerts, then closes the unpaid order with the platform', async () => {
  rig = await createFeeCrashRig('qr-shown');
  const run = await rig.crashAt('qr.shown', { kind: 'qrDisplayed', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const atBoot = rig.state(core);
  expect(atBoot.orders).toEqual([expect.objectContaining({ state: 'unknown', claim_id: expect.stringMatching(/^CLM/) })]);
  const { order_id: orderId, claim_id: claimId } = atBoot.orders[0];
  expect(atBoot.jobs('claim.qrPaymentUnknown').map((j) => j.payload)).toEqual([expect.objectContaining({ claimId, orderId, amountFen: 5000 })]);
  expect(atBoot.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ paymentAlert: 'qrPaymentInterrupted' })]));
  await rig.receiptWith(core, '支付结果待确认凭证', claimId, orderId);

  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'closed' }]);
  const state = rig.state(core);
  expect(qrKnownStateProblems(state)).toEqual([]);
  expect(state.records).toEqual([]);
  expect((await rig.admin('GET', `/admin/payments/orders/${orderId}`)).order.status).toBe('closed');
}, 120_000);
