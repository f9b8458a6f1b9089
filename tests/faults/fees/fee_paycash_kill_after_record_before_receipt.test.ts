// kill -9 after the cash payment and its record committed, before the payment receipt went to the
// printer. The payment stands as recorded (one record, one job, the notice paid at the platform
// once synced); nothing is owed back; the next citizen's kiosk works.
import { afterEach, expect, it } from 'vitest';
import { NOTICE_50 } from './support/feeCrashPoints';
import { cashInKnownStateProblems, createFeeCrashRig, type FeeCrashRig } from './support/feeCrashRig';

let rig: FeeCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('keeps the recorded payment with its job, and claims nothing', async () => {
  rig = await createFeeCrashRig('record-before-receipt');
  const { simulator } = rig.acceptor;
  for (const fen of [2000, 2000, 1000]) simulator.insert(fen);
  const run = await rig.crashAt('receipt.recordedBeforeReceipt', { kind: 'cash', noticeNumber: NOTICE_50 });
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const state = rig.state(core);
  expect(cashInKnownStateProblems(state, simulator.deviceReport.stackedValueFen)).toEqual([]);
  const txnId = state.journal[0]!.txnId;
  expect(state.journal.map((e) => e.body.kind).at(-1)).toBe('txnEnded');
  expect(state.records).toEqual([expect.objectContaining({ payment_id: `CASH-${txnId}`, amount_fen: 5000 })]);
  expect(state.jobs('cash.claimCreated')).toEqual([]);
  expect(await rig.flush(core)).toBe(true);
  expect(await rig.platformEvents('payment.recorded')).toHaveLength(1);
  expect((await rig.admin('GET', `/admin/payments/notices/${NOTICE_50}`)).notice.status).toBe('paid');
}, 120_000);
