// kill -9 after the platform answered that the displayed-QR order is paid, before the kiosk wrote
// the payment record. The money moved: the reboot claims the order (receipt, alert), and the
// reconciler learns it was paid and writes the record with its job — the notice is paid once.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('records the payment the crash cut off, once the reconciler asks the platform', async () => {
  rig = await createFeeCrashRig('qr-paid-before-record');
  const run = await rig.crashAt('qr.paidBeforeRecord', { kind: 'qrDisplayed', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('userPaying')).toHaveLength(1);

  const core = await rig.reboot();
  const atBoot = rig.state(core);
  const { order_id: orderId, claim_id: claimId } = atBoot.orders[0];
  expect(atBoot.records).toEqual([]);
  expect(atBoot.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ paymentAlert: 'qrPaymentInterrupted' })]));
  await rig.receiptWith(core, '支付结果待确认凭证', claimId);

  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'paid' }]);
  const state = rig.state(core);
  expect(qrKnownStateProblems(state)).toEqual([]);
  expect(state.records).toEqual([expect.objectContaining({ payment_id: orderId, method: 'qr', amount_fen: 5000 })]);
  expect(await rig.flush(core)).toBe(true);
  expect(await rig.platformEvents('payment.qrReconciled')).toEqual([{ orderId, claimId, resolution: 'paid' }]);
  const notice = await rig.admin('GET', `/admin/payments/notices/${NOTICE_50}`);
  expect(notice.notice.status).toBe('paid');
  expect(notice.settlements).toHaveLength(1);
}, 120_000);
