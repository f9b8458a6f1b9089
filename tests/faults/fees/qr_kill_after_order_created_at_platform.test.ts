// kill -9 after the platform created the displayed-QR order but before the kiosk marked it
// created (no QR was shown, nobody can have paid). The reboot must not leave the order open
// forever: the reconciler closes it at the platform, so it can never be paid later.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { createFeeCrashRig, qrKnownStateProblems, type FeeCrashRig } from './support/feeCrashRig';
import { QrReconcilerId } from '../../../src-main/core/payments/qr/QrReconciler';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('closes an order the crash left creating, at the platform too', async () => {
  rig = await createFeeCrashRig('qr-order-created');
  const run = await rig.crashAt('qr.orderCreatedAtPlatform', { kind: 'qrDisplayed', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(run.events('orderCreated')).toEqual([]);

  const core = await rig.reboot();
  expect(rig.state(core).orders).toEqual([expect.objectContaining({ state: 'creating' })]);
  const orderId = rig.state(core).orders[0].order_id as string;
  expect((await core.service(QrReconcilerId)!.reconcileNow()).resolved).toEqual([{ orderId, state: 'closed' }]);
  const state = rig.state(core);
  expect(qrKnownStateProblems(state)).toEqual([]);
  expect(state.orders).toEqual([expect.objectContaining({ order_id: orderId, state: 'closed', claim_id: null })]);
  expect((await rig.admin('GET', `/admin/payments/orders/${orderId}`)).order.status).toBe('closed');
  expect(state.records).toEqual([]);
}, 120_000);
