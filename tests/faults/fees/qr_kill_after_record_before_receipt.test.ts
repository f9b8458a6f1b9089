// kill -9 after a payment-code payment was recorded (record + job, order paid), before the
// payment receipt went to the printer. The payment stands; no claim is needed, nothing is owed.
import { afterEach, expect, it } from 'vitest';
import { CODE_PAID, NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('keeps the recorded QR payment and claims nothing', async () => {
  rig = await createFeeCrashRig('qr-record-before-receipt');
  const run = await rig.crashAt('receipt.recordedBeforeReceipt', { kind: 'qrPaymentCode', noticeNumber: NOTICE_50, paymentCode: CODE_PAID });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([]);
  const state = rig.state(core);
  expect(qrKnownStateProblems(state)).toEqual([]);
  expect(state.orders).toEqual([expect.objectContaining({ state: 'paid', claim_id: null })]);
  expect(state.records).toEqual([expect.objectContaining({ payment_id: state.orders[0].order_id, amount_fen: 5000 })]);
  expect(state.jobs('claim.qrPaymentUnknown')).toEqual([]);
  expect(await rig.flush(core)).toBe(true);
  expect((await rig.admin('GET', `/admin/payments/notices/${NOTICE_50}`)).settlements).toHaveLength(1);
}, 120_000);
